import { ext } from '../common/browser.js';
import { analyze, hostStatus } from './analyze.js';
import { caseHandlers } from './cases.js';
import { updateMemorySettings } from './native.js';
import { scanTab } from './scan.js';
import { testHandlers } from './testhook.js';
import { syncUserSites } from './usersites.js';

// The background script (Chromium: service worker; Firefox: event page). Content
// scripts and the popup cannot talk to the native host themselves: they send it
// messages here, which are routed by type.
const HANDLERS = {
  analyze: (msg) => analyze(msg.items ?? [], msg.lang ?? 'en'),
  status: () => hostStatus(),
  'scan-tab': (msg) => scanTab(msg.tabId),
  'memory-settings': () => updateMemorySettings(),
  ...caseHandlers(),
  ...testHandlers(),
};

// Answers a message from an extension page or content script; unknown types get none.
function onMessage(msg, sender, sendResponse) {
  const handler = HANDLERS[msg?.type];
  if (!handler) return false;
  Promise.resolve(handler(msg, sender))
    .then(sendResponse, (error) => sendResponse({ ok: false, problem: { code: 'host_unknown', detail: String(error) } }));
  return true;
}

ext.runtime.onMessage.addListener(onMessage);
ext.permissions.onAdded.addListener(() => syncUserSites());
ext.permissions.onRemoved.addListener(() => syncUserSites());
ext.runtime.onInstalled.addListener(() => syncUserSites());
ext.runtime.onStartup.addListener(() => syncUserSites());
