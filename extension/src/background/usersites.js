import { ext } from '../common/browser.js';
import { SITES } from '../common/data.js';

// Sites the user added in the options page (optional host permissions): the content
// script is registered for them at run time, and unregistered when the permission goes.
const DEFAULT_ORIGINS = new Set(SITES.flatMap((s) => s.matches));
const SCRIPT_ID = 'lurewatch-user-sites';

// Re-registers the content script for exactly the granted non-default origins.
export async function syncUserSites() {
  const { origins = [] } = await ext.permissions.getAll();
  const extra = origins.filter((o) => o.startsWith('https://') && !DEFAULT_ORIGINS.has(o) && o !== 'https://*/*');
  const existing = await ext.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (existing.length > 0) await ext.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (extra.length === 0) return;
  await ext.scripting.registerContentScripts([{
    id: SCRIPT_ID, matches: extra, js: ['content.js'], css: ['content.css'], runAt: 'document_idle',
  }]);
}
