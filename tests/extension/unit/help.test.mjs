// Help lines: the build takes them from rules/help.json, every line there names its
// source and a way to reach it, and the panel shows the confirmed ones only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const HELP_FILE = fileURLToPath(new URL('../../../rules/help.json', import.meta.url));
const HELP = JSON.parse(readFileSync(HELP_FILE, 'utf8'));
const { helpLines, resolveCountry } = await import('../../../extension/dist/chromium/ui/help.js');
const { HELP: BUILT } = await import('../../../extension/dist/chromium/common/data.js');

const allLines = [...HELP.global, ...Object.values(HELP.countries).flatMap((c) => c.lines)];

test('the build ships rules/help.json as it is', () => {
  assert.deepEqual(BUILT, HELP);
});

test('every help line has a name, a way to reach it and a catalogue source', () => {
  for (const line of allLines) {
    assert.ok(line.name, JSON.stringify(line));
    assert.ok(line.phone || line.url || line.email, `${line.name}: no phone, url or e-mail`);
    assert.match(line.source, /^S\d+$/, `${line.name}: source`);
  }
  for (const code of [...Object.keys(HELP.countries), ...HELP.eu_members, ...Object.values(HELP.lang_country)]) {
    assert.match(code, /^[A-Z]{2}$/);
  }
});

test('a country shows its own lines first, then the ones for everywhere', () => {
  const lines = helpLines('VN');
  assert.equal(lines[0].contact, '111');
  assert.equal(lines.length, HELP.countries.VN.lines.length + HELP.global.length);
  assert.deepEqual(helpLines('').map((l) => l.name), HELP.global.map((l) => l.name));
});

test('text and TTY numbers go in the note beside the phone number', () => {
  const [us] = helpLines('US');
  assert.equal(us.contact, '1-888-373-7888');
  assert.match(us.note, /SMS 233733/);
  assert.match(us.note, /TTY 711/);
});

test('lines the catalogue asks to verify are not shown', () => {
  const unverified = HELP.countries.IN.lines.filter((l) => l.verify);
  assert.ok(unverified.length > 0, 'the fixture needs an unverified line');
  const shown = helpLines('IN').map((l) => l.name);
  for (const line of unverified) assert.ok(!shown.includes(line.name), line.name);
  assert.ok(shown.includes('Embassy of India, Laos'));
});

test('the country comes from the choice, the browser region, the EU, then the language', () => {
  assert.equal(resolveCountry('PH', 'en', 'en-US'), 'PH');
  assert.equal(resolveCountry('', 'en', 'en-GB'), 'GB');
  assert.equal(resolveCountry('', 'de', 'de-AT'), 'EU');
  assert.equal(resolveCountry('', 'vi', 'vi'), 'VN');
  assert.equal(resolveCountry('', 'ar', 'ar'), '');
});
