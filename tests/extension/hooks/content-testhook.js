import { ext } from '../common/browser.js';

// TEST BUILD ONLY (build.mjs --test puts this in place of src/content/testhook.js).
// After each scan that analysed items, reports what the user would see to the local
// test server that served the page: badges, highlighted ranges, timing. With
// ?lw_panel=N in the page address it opens item N's panel; with ?lw_shot=NAME it has
// the background capture the visible tab and posts the PNG as NAME.
const sent = new Set();

// Posts JSON to the test server (same origin as the fixture page).
function post(path, body) {
  return fetch(new URL(path, location.origin), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

// Counts the ranges in lurewatch's highlights and the fallback <mark> elements.
function highlightCount() {
  const names = ['lurewatch-high', 'lurewatch-medium', 'lurewatch-low'];
  const ranges = globalThis.CSS?.highlights ? names.reduce((n, name) => n + (CSS.highlights.get(name)?.size ?? 0), 0) : 0;
  return ranges + document.querySelectorAll('mark.lurewatch-mark').length;
}

export async function afterScan({ stats, captures, results, openPanel }) {
  const params = new URLSearchParams(location.search);
  await post('/__report', {
    page: location.pathname,
    stats,
    badges: document.querySelectorAll('[data-lurewatch="badge"]').length,
    highlights: highlightCount(),
    markers: [...document.querySelectorAll('[data-lurewatch="cluster"]')].map((m) => Number(m.getAttribute('data-comment'))),
    items: captures.map((c, i) => ({ key: c.key, kind: c.item.kind, comments: c.item.comments?.length ?? 0, level: results[i]?.level, ids: (results[i]?.indicators ?? []).map((x) => x.id) })),
  });
  const shot = params.get('lw_shot');
  if (!shot || sent.has(shot) || results.length === 0) return;
  sent.add(shot);
  if (params.has('lw_panel') && openPanel) openPanel(Number(params.get('lw_panel')));
  await new Promise((r) => setTimeout(r, 600));
  const { dataUrl } = await ext.runtime.sendMessage({ type: 'test-capture' });
  await post('/__shot', { name: shot, dataUrl });
}
