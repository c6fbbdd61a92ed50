import { ext } from '../common/browser.js';
import { loadSettings, memoryRequest } from '../common/settings.js';
import { describeProblem } from './problems.js';

// The one long-lived connection to the native host (runtime.connectNative), shared by
// every tab. Requests carry ids and wait in a pending map for their reply; the port is
// re-created on the next request after a disconnect. An open port also keeps Chromium's
// service worker alive while the host works. A new port's first request tells the host
// whether to keep its cross-page memory in a file (the "memory" op): the host reads the
// file only when told, so that it never acts on a setting it has not been given.
export const HOST_NAME = 'org.lurewatch.host';
const PROTOCOL = 1;
const TIMEOUT_MS = 30000;

let port = null;
let ready = null; // the current port's "memory" request, which every other request awaits
let nextId = 1;
const pending = new Map();

// Rejects every waiting request with the same problem.
function failAll(problem) {
  for (const { reject, timer } of pending.values()) {
    clearTimeout(timer);
    reject(problem);
  }
  pending.clear();
}

// Settles the request a reply answers; replies with unknown ids are dropped.
function onMessage(reply) {
  const waiting = pending.get(reply?.id);
  if (!waiting) return;
  pending.delete(reply.id);
  clearTimeout(waiting.timer);
  if (reply.ok === false) {
    waiting.reject({ code: 'host_error', detail: `${reply.error?.code ?? ''}: ${reply.error?.message ?? ''}` });
  } else waiting.resolve(reply);
}

// Reads why the port closed (Chromium: runtime.lastError; Firefox: port.error), records
// it for the popup, and fails what was waiting.
function onDisconnect(closed) {
  const message = ext.runtime.lastError?.message ?? closed.error?.message ?? 'Native host has exited.';
  port = null;
  ready = null;
  const problem = describeProblem(message);
  ext.storage.session.set({ hostStatus: { ok: false, problem } }).catch(() => {});
  failAll(problem);
}

// Returns the open port, connecting if needed.
function connect() {
  if (port) return port;
  port = ext.runtime.connectNative(HOST_NAME);
  port.onMessage.addListener(onMessage);
  port.onDisconnect.addListener(onDisconnect);
  return port;
}

// Sends one request ({op, ...fields}) on the port as it is; see request().
function send(op, fields) {
  return new Promise((resolve, reject) => {
    const id = String(nextId);
    nextId += 1;
    const timer = setTimeout(() => {
      pending.delete(id);
      reject({ code: 'host_timeout', detail: `no reply to "${op}" in ${TIMEOUT_MS / 1000} s` });
    }, TIMEOUT_MS);
    pending.set(id, { resolve, reject, timer });
    try {
      connect().postMessage({ v: PROTOCOL, id, op, ...fields });
    } catch (error) {
      pending.delete(id);
      clearTimeout(timer);
      port = null;
      ready = null;
      reject(describeProblem(error?.message));
    }
  });
}

// Tells the host the memory settings, first thing on a new port. A host that does not
// know the op (older than the extension) still serves the other requests.
function ensureReady() {
  ready ??= loadSettings().then((settings) => send('memory', memoryRequest(settings))).catch(() => null);
  return ready;
}

// Sends one request ({op, ...fields}) and resolves with the host's reply, or rejects
// with a problem {code, detail}.
export async function request(op, fields = {}) {
  await ensureReady();
  return send(op, fields);
}

// Tells the host the memory settings again (the options page changed them), which starts
// the host if needed: turning keeping off must delete the file now. Resolves with
// {ok, memory} (the host's account of its memory and file) or {ok, problem}.
export async function updateMemorySettings() {
  try {
    const reply = await request('memory', memoryRequest(await loadSettings()));
    return { ok: true, memory: reply.memory };
  } catch (problem) {
    return { ok: false, problem };
  }
}
