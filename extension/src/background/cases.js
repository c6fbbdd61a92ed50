import { ext } from '../common/browser.js';
import { request } from './native.js';

// The case log: saving, listing, searching, deleting and exporting cases, all through
// the native host, which keeps them in a database on this computer (docs/protocol.md,
// "The case log"). Nothing is sent anywhere else.
const LIST_LIMIT = 50;

// Sends one case request; resolves with {ok: true, ...reply} or {ok: false, problem}.
async function call(op, fields) {
  try {
    return { ...(await request(op, fields)), ok: true };
  } catch (problem) {
    return { ok: false, problem };
  }
}

// Whether a message comes from one of the extension's own pages (the popup, even when
// opened in a tab), not from a content script, whose sender.url is the web page's: only
// those pages may read or delete the log.
function fromExtensionPage(sender) {
  return typeof sender?.url === 'string' && sender.url.startsWith(ext.runtime.getURL(''));
}

// Refuses a request that did not come from an extension page.
const refused = { ok: false, problem: { code: 'host_unknown', detail: 'not allowed here' } };

// The message handlers of the background script for the case log.
export function caseHandlers() {
  return {
    'case-save': (msg) => call('case_save', {
      item: msg.item, result: msg.result, url: msg.url ?? '', seen_at: msg.seenAt, note: msg.note ?? '',
    }),
    'case-list': (msg, sender) => {
      if (!fromExtensionPage(sender)) return refused;
      const query = String(msg.query ?? '').trim();
      return query ? call('case_search', { query, limit: LIST_LIMIT }) : call('case_list', { limit: LIST_LIMIT });
    },
    'case-delete': (msg, sender) => {
      if (!fromExtensionPage(sender)) return refused;
      return call('case_delete', msg.all ? { all: true } : { case_id: msg.caseId });
    },
    'case-export': (msg, sender) => {
      if (!fromExtensionPage(sender)) return refused;
      return call('case_export', { format: msg.format });
    },
  };
}
