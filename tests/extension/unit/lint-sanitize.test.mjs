// The guard against page text becoming markup: ESLint with no-unsanitized, as run.sh
// runs it on extension/src, must refuse each way of inserting text as HTML. The code
// below is planted in memory (never on disk) under a path inside extension/src, so
// that it is linted with exactly the configuration the extension's sources get; if
// a change to the config ever stops catching one of them, this test fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({
  cwd: REPO,
  overrideConfigFile: 'tests/extension/eslint.config.mjs',
});

// Lint one snippet as if it were extension/src/content/planted.js.
async function lint(code) {
  const [result] = await eslint.lintText(code, { filePath: `${REPO}extension/src/content/planted.js` });
  return result.messages.map((m) => m.ruleId);
}

const planted = {
  innerHTML: 'export function show(el, pageText) { el.innerHTML = pageText; }',
  outerHTML: 'export function show(el, pageText) { el.outerHTML = `<b>${pageText}</b>`; }',
  insertAdjacentHTML: "export function show(el, pageText) { el.insertAdjacentHTML('beforeend', pageText); }",
  'innerHTML +=': 'export function show(el, pageText) { el.innerHTML += pageText; }',
  'document.write': 'export function show(pageText) { document.write(pageText); }',
};

for (const [how, code] of Object.entries(planted)) {
  test(`ESLint refuses page text inserted with ${how}`, async () => {
    const rules = await lint(code);
    assert.ok(
      rules.some((r) => r && r.startsWith('no-unsanitized/')),
      `no no-unsanitized error for ${how}: ${JSON.stringify(rules)}`,
    );
  });
}

test('ESLint accepts the same text inserted with textContent', async () => {
  const rules = await lint('export function show(el, pageText) { el.textContent = pageText; }');
  assert.deepEqual(rules, []);
});
