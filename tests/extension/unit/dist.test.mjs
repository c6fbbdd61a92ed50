// The production build: manifests as promised (permissions, CSP, ids) and no network
// code, no HTML parsing of strings, no eval anywhere in what ships.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXT = fileURLToPath(new URL('../../../extension/', import.meta.url));
const IDS = JSON.parse(readFileSync(join(EXT, 'ids.json'), 'utf8'));
const manifest = (browser) => JSON.parse(readFileSync(join(EXT, 'dist', browser, 'manifest.json'), 'utf8'));

// Lists the files of a folder, recursively.
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

for (const browser of ['chromium', 'firefox']) {
  test(`${browser}: no network code, no HTML from strings, no eval in dist/`, () => {
    for (const file of files(join(EXT, 'dist', browser)).filter((f) => /\.(js|html)$/.test(f))) {
      const text = readFileSync(file, 'utf8');
      for (const re of [/\bfetch\s*\(/, /XMLHttpRequest/, /WebSocket/, /EventSource/, /sendBeacon/, /\.innerHTML/, /outerHTML/,
        /insertAdjacentHTML/, /document\.write/, /\beval\s*\(/, /new Function/, /__report|__shot|test-capture/, /<script[^>]+src="https?:/]) {
        assert.doesNotMatch(text, re, `${file} matches ${re}`);
      }
    }
  });

  test(`${browser}: permissions, host permissions and CSP`, () => {
    const m = manifest(browser);
    assert.equal(m.manifest_version, 3);
    assert.deepEqual(m.permissions, ['nativeMessaging', 'storage', 'activeTab', 'scripting']);
    assert.deepEqual(m.optional_host_permissions, ['https://*/*']);
    assert.ok(m.host_permissions.every((p) => /^https:\/\/(\*\.)?[a-z0-9.-]+\/\*$/.test(p)), m.host_permissions.join(' '));
    assert.deepEqual(m.content_scripts[0].matches, m.host_permissions);
    assert.equal(m.content_security_policy.extension_pages, "script-src 'self'; object-src 'none'");
    assert.equal(m.default_locale, 'en');
  });
}

test('chromium: the manifest key gives the fixed id of ids.json', () => {
  const m = manifest('chromium');
  assert.equal(m.background.service_worker, 'background.js');
  const der = Buffer.from(m.key, 'base64');
  const hex = createHash('sha256').update(der).digest('hex').slice(0, 32);
  const id = [...hex].map((h) => String.fromCharCode(97 + parseInt(h, 16))).join('');
  assert.equal(id, IDS.chromium);
  assert.equal(IDS.host_name, 'org.lurewatch.host');
});

test('firefox: background scripts, gecko id and data collection', () => {
  const m = manifest('firefox');
  assert.deepEqual(m.background, { scripts: ['background.js'] });
  assert.equal(m.browser_specific_settings.gecko.id, IDS.firefox);
  assert.deepEqual(m.browser_specific_settings.gecko.data_collection_permissions, { required: ['none'] });
  assert.equal(m.key, undefined);
});
