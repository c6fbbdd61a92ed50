// A result the host cut short ("partial": true, docs/protocol.md) says so in the report,
// in the reader's language; a whole result does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
// The built extension (run.sh builds it before the unit tests).
const { renderReport } = await import('../../../extension/dist/chromium/ui/report.js');

const t = (key, ...args) => [key, ...args].join(' ');

// Renders a result with and returns the report's paragraphs' texts.
function paragraphs(result) {
  const dom = new JSDOM('<!doctype html><body></body>');
  const report = renderReport(dom.window.document, { result, item: { text: 'Jobs abroad' }, t, country: null });
  return [...report.querySelectorAll('p')].map((p) => p.textContent);
}

const base = { ok: true, score: 0, level: 'none', indicators: [] };

test('a partial result says the check was incomplete', () => {
  const notes = { partial: { reason: 'item_budget', budget_ms: 250, skipped_rules: 3, skipped_comments: 0 } };
  assert.ok(paragraphs({ ...base, partial: true, notes }).includes('report_partial'));
});

test('a whole result does not', () => {
  assert.ok(!paragraphs(base).includes('report_partial'));
});
