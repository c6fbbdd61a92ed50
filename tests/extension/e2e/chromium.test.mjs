// End to end in Debian's Chromium: the test build of the extension loaded unpacked, the
// real lurewatch-host registered in the test profile, fixture pages from a local server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../lib/server.mjs';
import { DIST, IDS, artifact, registerChromiumHost } from '../lib/env.mjs';
import { watchNetwork } from '../lib/netwatch.mjs';

const EXT = join(DIST, 'chromium');
const POPUP = `chrome-extension://${IDS.chromium}/popup/popup.html`;
const timings = {};
let server;
let context;
let worker;
let profile;
let network;
// The host's data folder (XDG_DATA_HOME): where it would keep its memory file.
let dataHome;

// Launches Chromium with the extension in a fresh profile (with or without the host),
// recording its requests from the start (lib/netwatch.mjs).
async function launch(userDataDir) {
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/lib/chromium/chromium',
    headless: true,
    viewport: { width: 1280, height: 860 },
    locale: 'en-US',
    args: [
      `--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`, '--no-sandbox',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-features=Translate,OptimizationHints,MediaRouter',
    ],
    env: { ...process.env, XDG_DATA_HOME: dataHome },
  });
  const net = watchNetwork(ctx, IDS.chromium);
  const sw = ctx.serviceWorkers()[0] ?? await ctx.waitForEvent('serviceworker', { timeout: 20000 });
  return { ctx, sw, net };
}

// Sets the extension's interface language (as the options page would).
async function setLanguage(uiLang) {
  await worker.evaluate((lang) => chrome.storage.local.set({ uiLang: lang }), uiLang);
}

// Opens a fixture page and waits until the content script has reported its outcome;
// records main-thread time from the content script and from the browser (CDP).
async function openFixture(name, accept) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const since = server.reports.length;
  await page.goto(`${server.origin}/${name}`);
  const report = await server.waitForReport(`/${name}`, 30000, (r) => server.reports.indexOf(r) >= since && (accept ? accept(r) : r.stats.items > 0));
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (n) => metrics.find((m) => m.name === n)?.value ?? 0;
  timings[name] = {
    items: report.stats.items,
    contentScriptMs: Number(report.stats.mainThreadMs.toFixed(2)),
    pageScriptMs: Number((metric('ScriptDuration') * 1000).toFixed(1)),
    pageTaskMs: Number((metric('TaskDuration') * 1000).toFixed(1)),
  };
  return { page, report };
}

// Clicks the first badge and waits for the panel to show.
async function openPanel(page) {
  await page.locator('[data-lurewatch="badge"]').first().click();
  await page.locator('[data-lurewatch="panel"]').waitFor({ state: 'attached' });
  await page.waitForTimeout(300);
}

before(async () => {
  server = await startServer();
  profile = mkdtempSync(join(tmpdir(), 'lw-chromium-'));
  dataHome = mkdtempSync(join(tmpdir(), 'lw-chromium-data-'));
  registerChromiumHost(profile);
  ({ ctx: context, sw: worker, net: network } = await launch(profile));
});

after(async () => {
  await context?.close();
  await server?.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(dataHome, { recursive: true, force: true });
  writeFileSync(artifact('chromium-timing.json'), `${JSON.stringify(timings, null, 2)}\n`);
});

test('the lure advert gets a badge, highlights and a panel (English)', async () => {
  await setLanguage('en');
  const { page, report } = await openFixture('job-lure.html');
  assert.equal(report.items.length, 1);
  assert.match(report.items[0].level, /^(medium|high)$/);
  assert.ok(report.badges >= 1, 'badge shown');
  assert.ok(report.highlights >= 2, `highlights shown (${report.highlights})`);
  await page.screenshot({ path: artifact('chromium-lure.png') });
  await openPanel(page);
  assert.equal(await page.locator('[data-lurewatch="panel"]').getAttribute('dir'), 'ltr');
  await page.screenshot({ path: artifact('chromium-panel-en.png') });
  await page.close();
});

test('the legitimate advert gets no badge and no highlight', async () => {
  const { page, report } = await openFixture('job-legit.html');
  assert.equal(report.items.length, 1);
  assert.match(report.items[0].level, /^(none|low)$/);
  assert.equal(report.badges, 0);
  assert.equal(report.highlights, 0);
  assert.equal(await page.locator('[data-lurewatch]').count(), 0);
  await page.screenshot({ path: artifact('chromium-legit.png') });
  await page.close();
});

test('the panel in Vietnamese and in Arabic (right to left)', async () => {
  for (const lang of ['vi', 'ar']) {
    await setLanguage(lang);
    const { page } = await openFixture('job-lure.html');
    await openPanel(page);
    const panel = page.locator('[data-lurewatch="panel"]');
    assert.equal(await panel.getAttribute('dir'), lang === 'ar' ? 'rtl' : 'ltr');
    assert.equal(await panel.getAttribute('lang'), lang);
    await page.screenshot({ path: artifact(`chromium-panel-${lang}.png`) });
    await page.close();
  }
  await setLanguage('en');
});

test('a feed: posts and comments captured, only the lure flagged', async () => {
  const { page, report } = await openFixture('feed.html');
  assert.equal(report.items.length, 3);
  const [lure, library] = report.items;
  assert.equal(lure.kind, 'thread');
  assert.equal(lure.comments, 3);
  assert.match(lure.level, /^(medium|high)$/);
  assert.match(library.level, /^(none|low)$/);
  assert.ok(report.badges >= 1);
  await page.screenshot({ path: artifact('chromium-feed.png'), fullPage: true });
  await page.close();
});

test('a thread: each comment of a coordinated group is marked inline, the panel lists the group', async () => {
  const { page, report } = await openFixture('thread-cluster.html');
  assert.equal(report.items.length, 1);
  assert.equal(report.items[0].comments, 7);
  assert.match(report.items[0].level, /^(medium|high)$/);
  for (const id of ['DUP_TEXT', 'CONTACT_REUSE', 'BURST_TIMING']) assert.ok(report.items[0].ids.includes(id), id);
  // The four look-alike comments, not the question, "Interested" or the warning.
  assert.deepEqual(report.markers.sort(), [0, 1, 2, 3]);
  assert.equal(report.stats.markers, 4);
  await page.screenshot({ path: artifact('chromium-thread-markers.png'), fullPage: true });
  // A tall window, so that the screenshot shows the whole panel with the group's list.
  await page.setViewportSize({ width: 1280, height: 2400 });
  await openPanel(page);
  await page.screenshot({ path: artifact('chromium-thread-panel.png') });
  await page.close();
});

test('the memory option: checking it makes the host keep its file, unchecking deletes it', async () => {
  const file = join(dataHome, 'lurewatch', 'memory.lwm');
  const options = await context.newPage();
  await options.goto(`chrome-extension://${IDS.chromium}/options/options.html`);
  const box = options.locator('#memory-keep');
  assert.equal(await box.isChecked(), false, 'off by default');
  assert.equal(existsSync(file), false, 'no file while off');
  await box.check();
  await options.waitForFunction(() => document.getElementById('saved').textContent !== '');
  const until = async (want) => {
    for (let i = 0; i < 100 && existsSync(file) !== want; i += 1) await options.waitForTimeout(100);
    return existsSync(file);
  };
  assert.equal(await until(true), true, 'file written once the option is on');
  assert.equal(await options.locator('#memory-problem').isHidden(), true);
  assert.deepEqual(await worker.evaluate(() => chrome.storage.local.get(['memoryKeep', 'memoryDays'])), { memoryKeep: true, memoryDays: 30 });
  await options.screenshot({ path: artifact('chromium-options-memory.png'), fullPage: true });
  await box.uncheck();
  assert.equal(await until(false), false, 'file deleted once the option is off');
  await options.close();
});

test('a page without structured data is read by the generic extractor', async () => {
  const { page, report } = await openFixture('plain.html');
  assert.equal(report.items.length, 1);
  assert.match(report.items[0].level, /^(medium|high)$/);
  assert.ok(report.badges === 1 && report.highlights >= 1);
  await page.screenshot({ path: artifact('chromium-plain.png') });
  await page.close();
});

test('an endless feed: items added over time are each analysed once', async () => {
  const { page, report } = await openFixture('feed-long.html', (r) => r.stats.items >= 300);
  assert.equal(report.stats.items, 300);
  assert.equal(new Set(server.reports.filter((r) => r.page === '/feed-long.html').flatMap((r) => r.items.map((i) => i.key))).size, 300);
  await page.close();
});

test('"Scan this page" injects the content script where it does not run by itself', async () => {
  const target = await context.newPage();
  await target.goto(`http://localhost:${server.port}/plain.html`);
  assert.equal(await target.locator('[data-lurewatch]').count(), 0);
  const popup = await context.newPage();
  await popup.goto(POPUP);
  const since = server.reports.length;
  const reply = await popup.evaluate(async (url) => {
    const [tab] = await chrome.tabs.query({ url });
    return chrome.runtime.sendMessage({ type: 'scan-tab', tabId: tab.id });
  }, `http://localhost:${server.port}/plain.html`);
  assert.deepEqual(reply, { ok: true });
  await target.locator('[data-lurewatch="badge"]').waitFor({ timeout: 20000 });
  assert.ok(server.reports.length > since);
  await popup.close();
  await target.close();
});

test('popup: host status and "Check a message"', async () => {
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 420, height: 900 });
  await popup.goto(POPUP);
  await popup.locator('#status.ok').waitFor({ timeout: 20000 });
  await popup.locator('#message').fill('Free air ticket and visa! No experience needed, salary 1500 USD. '
    + 'Pay a registration fee of 200 USD first. The company keeps your passport. WhatsApp only: +855 12 345 678');
  await popup.locator('#check').click();
  await popup.locator('#check-result .lw-report').waitFor({ timeout: 20000 });
  assert.ok(await popup.locator('#check-result .lw-indicator').count() >= 1);
  assert.ok(await popup.locator('#check-result mark').count() >= 1);
  await popup.screenshot({ path: artifact('chromium-popup-check.png'), fullPage: true });
  await popup.close();
});

test('with no host registered, the popup says so and how to fix it', async () => {
  const bare = mkdtempSync(join(tmpdir(), 'lw-chromium-nohost-'));
  const { ctx, sw, net } = await launch(bare);
  try {
    const popup = await ctx.newPage();
    await popup.setViewportSize({ width: 420, height: 600 });
    await popup.goto(POPUP);
    await popup.locator('#status.problem').waitFor({ timeout: 20000 });
    const text = await popup.locator('#status').innerText();
    assert.match(text, /not installed on this computer/);
    assert.match(text, /Run the lurewatch installer/);
    assert.match(text, /Specified native messaging host not found\./);
    await popup.screenshot({ path: artifact('chromium-popup-nohost.png') });
    // The recorder can fail: in this throw-away profile, a fetch made by the extension's
    // service worker to a host other than the fixture server's is seen and refused.
    const canary = `http://127.0.0.2:${server.port}/canary`;
    await sw.evaluate((url) => fetch(url).catch(() => null), canary);
    const caught = net.violations().filter((r) => r.url === canary);
    assert.equal(caught.length, 1, 'the recorder sees a request of the service worker');
    assert.ok(caught[0].initiator.startsWith(`chrome-extension://${IDS.chromium}/`), caught[0].initiator);
  } finally {
    await ctx.close();
    rmSync(bare, { recursive: true, force: true });
  }
});

// Runs last: everything the run did in the main profile (pages, extension pages, the
// service worker) reached only the local fixture server, and nothing came from the
// extension's own origin (docs/security.md, "No network").
test('the extension made no network request during the run', () => {
  const bad = network.violations();
  console.log(`network: ${network.seen.length} requests seen, ${network.checked()} http(s)/ws requests checked, ${bad.length} refused`);
  assert.ok(network.checked() > 0, 'the recorder saw the fixture pages');
  assert.deepEqual(bad, []);
});
