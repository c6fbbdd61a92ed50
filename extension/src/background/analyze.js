import { ext } from '../common/browser.js';
import { request } from './native.js';

// Asks the host about items in batches, so that no reply nears the 1 MiB limit on
// messages from a native host.
const BATCH = 16;

// Analyses items in the interface language; resolves with {ok, results} or {ok, problem}.
export async function analyze(items, lang) {
  try {
    const results = [];
    for (let i = 0; i < items.length; i += BATCH) {
      const reply = await request('analyze', { items: items.slice(i, i + BATCH), ui_lang: lang });
      results.push(...(reply.results ?? []));
    }
    return { ok: true, results };
  } catch (problem) {
    return { ok: false, problem };
  }
}

// Says hello to the host: resolves with {ok, hello} or {ok, problem}, and keeps the
// answer in storage.session for the popup's next opening.
export async function hostStatus() {
  let status;
  try {
    status = { ok: true, hello: await request('hello') };
  } catch (problem) {
    // A host that answers hello with an error (no rule pack, say) is installed but broken.
    status = { ok: false, problem: problem.code === 'host_error' ? { ...problem, code: 'host_unknown' } : problem };
  }
  await ext.storage.session.set({ hostStatus: status });
  return status;
}
