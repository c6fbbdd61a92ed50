// A hostile advert rendered by the extension's report must stay text: markup in the
// page's words (an <img onerror>, a </style> that would close the panel's styles, a
// <script>) and in the host's excerpts is shown as characters, never parsed into
// elements, and no handler runs. jsdom is told to run scripts, so that a payload that
// did become markup would execute and be caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
// The built extension (run.sh builds it before the unit tests): the report needs the
// generated data module.
const { renderReport } = await import('../../../extension/dist/chromium/ui/report.js');

const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '</style><img src=y onerror="window.__pwned=2">',
  '<script>window.__pwned=3</script>',
  '"><svg onload="window.__pwned=4">',
];
const TEXT = `Pay the registration fee ${PAYLOADS.join(' ')} on WhatsApp`;

// A result as the host would send it for that advert: evidence whose excerpts
// carry the payloads, and host texts (title, why) that carry them too.
function hostileResult() {
  const start = TEXT.indexOf('<img');
  return {
    ok: true,
    score: 80,
    level: 'high',
    indicators: [
      {
        id: 'FEE',
        category: 'job_lure',
        severity: 'strong',
        weight: 40,
        title: PAYLOADS[1],
        why: PAYLOADS[0],
        advice: PAYLOADS[2],
        evidence: [{ field: 'text', start, end: TEXT.length, excerpt: TEXT.slice(start) }],
      },
    ],
  };
}

test('a hostile advert renders as inert text in the report', () => {
  const dom = new JSDOM('<!doctype html><style>.lw{}</style><body></body>', {
    runScripts: 'dangerously',
    url: 'http://127.0.0.1/',
  });
  const doc = dom.window.document;
  const t = (key, ...args) => [key, ...args].join(' ');
  const report = renderReport(doc, {
    result: hostileResult(),
    item: { title: PAYLOADS[3], text: TEXT },
    t,
    country: null,
  });
  doc.body.append(report);
  assert.equal(report.querySelectorAll('img, script, svg, style, iframe').length, 0);
  assert.equal(doc.querySelectorAll('img, script, svg').length, 0);
  for (const el of report.querySelectorAll('*')) {
    for (const attr of el.getAttributeNames()) assert.ok(!attr.startsWith('on'), `handler ${attr}`);
  }
  assert.ok(report.textContent.includes('<img src=x onerror='), 'the payload is shown as text');
  assert.ok(report.textContent.includes('</style>'), 'the </style> payload is shown as text');
  assert.equal(dom.window.__pwned, undefined);
  dom.window.close();
});
