import { ext } from '../common/browser.js';

// "Scan this page": injects the content script into the active tab (allowed by
// activeTab after the user clicked the toolbar button), even on a site switched off.
export async function scanTab(tabId) {
  try {
    await ext.scripting.insertCSS({ target: { tabId }, files: ['content.css'] });
    await ext.scripting.executeScript({ target: { tabId }, func: () => { globalThis.lurewatchForced = true; } });
    await ext.scripting.executeScript({ target: { tabId }, files: ['content.js'] });
    return { ok: true };
  } catch (error) {
    return { ok: false, problem: { code: 'scan_denied', detail: String(error?.message ?? error) } };
  }
}
