// Every interface language has every message, with the same placeholders as English, and
// every message the code asks for exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../../extension/src/', import.meta.url));
const LOCALES = join(SRC, '_locales');
const REQUIRED = ['en', 'es', 'pt', 'ru', 'uk', 'ro', 'th', 'vi', 'id', 'tl', 'zh_CN', 'hi', 'ar', 'km', 'my'];
const read = (lang) => JSON.parse(readFileSync(join(LOCALES, lang, 'messages.json'), 'utf8'));
const en = read('en');

// Lists the source files under a folder.
function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory()
    ? sources(join(dir, e.name)) : /\.(js|html)$/.test(e.name) ? [join(dir, e.name)] : []));
}

test('all required languages are there and no others', () => {
  assert.deepEqual(readdirSync(LOCALES).sort(), [...REQUIRED].sort());
});

for (const lang of REQUIRED) {
  test(`${lang}: same keys and placeholders as English, nothing empty`, () => {
    const messages = read(lang);
    assert.deepEqual(Object.keys(messages).sort(), Object.keys(en).sort());
    for (const [key, { message }] of Object.entries(messages)) {
      assert.ok(message.trim(), `${lang}.${key} is empty`);
      assert.deepEqual(message.match(/\$\d/g)?.sort() ?? [], en[key].message.match(/\$\d/g)?.sort() ?? [], `${lang}.${key}`);
      assert.doesNotMatch(message.replace(/\$\d/g, ''), /\$/, `${lang}.${key} has a stray $`);
    }
  });
}

test('every message key used in the code exists', () => {
  const used = new Set();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\('([a-z_]+)'/g)) used.add(m[1]);
    for (const m of text.matchAll(/data-i18n(?:-placeholder)?="([a-zA-Z_]+)"/g)) used.add(m[1]);
  }
  for (const key of used) assert.ok(en[key], `missing message ${key}`);
  for (const code of ['missing', 'forbidden', 'comm', 'exited', 'timeout', 'error', 'unknown']) {
    assert.ok(en[`problem_host_${code}`] && en[`fix_host_${code}`], code);
  }
  for (const level of ['none', 'low', 'medium', 'high']) assert.ok(en[`level_${level}`]);
});
