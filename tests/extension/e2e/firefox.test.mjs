// End to end in Debian's firefox-esr through web-ext, with the real lurewatch-host
// registered under a temporary HOME. geckodriver is not available, so the browser is
// not driven: the test build's content script reports what it showed (badges,
// highlights, the comments it marked inline) to the local test server, and for the lure
// page opens the panel; the background captures the visible tab as a screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../lib/server.mjs';
import { DIST, artifact, registerFirefoxHost } from '../lib/env.mjs';

const WEB_EXT = fileURLToPath(new URL('../node_modules/.bin/web-ext', import.meta.url));
const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
let server;

// Runs Firefox with the extension on one page until `until` settles, then stops it
// (web-ext run never exits by itself; `timeout` is the last resort).
async function withFirefox(url, until) {
  const home = mkdtempSync(join(tmpdir(), 'lw-firefox-'));
  registerFirefoxHost(home);
  const child = spawn('timeout', ['120', WEB_EXT, 'run', '--firefox', FIREFOX, '--source-dir', join(DIST, 'firefox'),
    '--no-input', '--no-reload', '--start-url', url], {
    env: { ...process.env, HOME: home, MOZ_HEADLESS: '1', MOZ_HEADLESS_WIDTH: '1280', MOZ_HEADLESS_HEIGHT: '860' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  // If web-ext stops first (not installed, Firefox would not start), say so now
  // rather than after the page's own time-out.
  const stoppedFirst = exited.then((code) => {
    throw new Error(`web-ext stopped (exit code ${code}) before the page reported`);
  });
  try {
    return await Promise.race([until, stoppedFirst]);
  } catch (error) {
    error.message += `\n--- web-ext output ---\n${log.slice(-3000)}`;
    throw error;
  } finally {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10000))]);
    rmSync(home, { recursive: true, force: true });
  }
}

before(async () => { server = await startServer(); });
after(async () => { await server?.close(); });

test('firefox: the lure advert gets a badge and highlights; panel screenshot', async () => {
  const url = `${server.origin}/job-lure.html?lw_shot=firefox-panel-en&lw_panel=0`;
  const [report, png] = await withFirefox(url, Promise.all([
    server.waitForReport('/job-lure.html', 90000), server.waitForShot('firefox-panel-en', 90000)]));
  writeFileSync(artifact('firefox-panel-en.png'), png);
  writeFileSync(artifact('firefox-timing.json'), `${JSON.stringify({ 'job-lure.html': report.stats }, null, 2)}\n`);
  assert.match(report.items[0].level, /^(medium|high)$/);
  assert.ok(report.badges >= 1, 'badge shown');
  assert.ok(report.highlights >= 2, `highlights shown (${report.highlights})`);
  assert.ok(png.length > 10000, 'screenshot taken');
});

test('firefox: the legitimate advert gets no badge and no highlight; screenshot', async () => {
  const url = `${server.origin}/job-legit.html?lw_shot=firefox-legit`;
  const [report, png] = await withFirefox(url, Promise.all([
    server.waitForReport('/job-legit.html', 90000), server.waitForShot('firefox-legit', 90000)]));
  writeFileSync(artifact('firefox-legit.png'), png);
  assert.match(report.items[0].level, /^(none|low)$/);
  assert.equal(report.badges, 0);
  assert.equal(report.highlights, 0);
  assert.ok(png.length > 10000, 'screenshot taken');
});

test('firefox: a thread: the four look-alike comments, and only those, are marked inline; screenshot', async () => {
  const url = `${server.origin}/thread-cluster.html?lw_shot=firefox-thread-markers`;
  const [report, png] = await withFirefox(url, Promise.all([
    server.waitForReport('/thread-cluster.html', 90000), server.waitForShot('firefox-thread-markers', 90000)]));
  writeFileSync(artifact('firefox-thread-markers.png'), png);
  assert.equal(report.items.length, 1);
  assert.equal(report.items[0].comments, 7);
  assert.match(report.items[0].level, /^(medium|high)$/);
  for (const id of ['DUP_TEXT', 'CONTACT_REUSE', 'BURST_TIMING']) assert.ok(report.items[0].ids.includes(id), id);
  // Comments 0-3 are the look-alikes; 4-6 (the question, "Interested", the warning) stay unmarked.
  assert.deepEqual([...report.markers].sort((a, b) => a - b), [0, 1, 2, 3]);
  assert.equal(report.stats.markers, 4);
  assert.ok(png.length > 10000, 'screenshot taken');
});
