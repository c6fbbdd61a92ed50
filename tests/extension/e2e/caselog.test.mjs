// The case log end to end (issue 10): a case saved from the popup of the real extension,
// through the real lurewatch-host, appears in `lurewatch cases export --format csv`; the
// popup lists, searches and deletes cases; the printable case report and the batch report
// (`lurewatch batch --report`) render in headless Chromium with a screenshot kept under
// artifacts/reports/ and no network request at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { DIST, IDS, REPO, hostPath, registerChromiumHost } from '../lib/env.mjs';

const EXT = join(DIST, 'chromium');
const POPUP = `chrome-extension://${IDS.chromium}/popup/popup.html`;
const REPORTS = process.env.LW_REPORT_ARTIFACTS ?? join(REPO, 'artifacts', 'reports');
const LURE = 'Free air ticket and visa! Salary 1500 USD. Contact us on WhatsApp only: +855 12 345 678. Registration fee 200 USD, pay before you fly.';
const NOTE = 'Forwarded by a volunteer, "group B", 22 Nov';
let context;
let profile;
let dataHome;
let cli;
let db;

// Runs the lurewatch command next to the host and returns its standard output.
function lurewatch(...args) {
  return execFileSync(cli, args, { encoding: 'utf8', env: { ...process.env, XDG_DATA_HOME: dataHome } });
}

// Keeps a file under artifacts/reports/ and returns its path.
function reportArtifact(name) {
  mkdirSync(REPORTS, { recursive: true });
  return join(REPORTS, name);
}

// Opens a local HTML file in a fresh page, records every request other than the file
// itself, and returns the page and that list.
async function openOffline(path) {
  const page = await context.newPage();
  const url = pathToFileURL(path).href;
  const requests = [];
  page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
  await page.goto(url);
  await page.waitForLoadState('load');
  return { page, requests };
}

before(async () => {
  cli = join(dirname(hostPath()), 'lurewatch');
  assert.ok(existsSync(cli), `lurewatch next to the host: ${cli}`);
  profile = mkdtempSync(join(tmpdir(), 'lw-cases-chromium-'));
  dataHome = mkdtempSync(join(tmpdir(), 'lw-cases-data-'));
  db = join(dataHome, 'lurewatch', 'cases.db');
  registerChromiumHost(profile);
  // The browser passes its environment on to the host it starts: the case log lands in
  // this test's own data directory.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/lib/chromium/chromium',
    headless: true,
    viewport: { width: 1100, height: 900 },
    locale: 'en-US',
    env: { ...process.env, XDG_DATA_HOME: dataHome },
    args: [
      `--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`, '--no-sandbox',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-features=Translate,OptimizationHints,MediaRouter',
    ],
  });
  if (!context.serviceWorkers()[0]) await context.waitForEvent('serviceworker', { timeout: 20000 });
});

after(async () => {
  await context?.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(dataHome, { recursive: true, force: true });
});

test('a case saved from the popup appears in `lurewatch cases export --format csv`', async () => {
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 420, height: 1000 });
  await popup.goto(POPUP);
  await popup.locator('#status.ok').waitFor({ timeout: 20000 });
  await popup.locator('#message').fill(LURE);
  await popup.locator('#check').click();
  const form = popup.locator('[data-lurewatch="save-case"]');
  await form.waitFor({ timeout: 20000 });
  await form.locator('textarea').fill(NOTE);
  await form.locator('button').click();
  await form.locator('.lw-save-status').filter({ hasText: /./ }).waitFor({ timeout: 20000 });
  assert.match(await form.locator('.lw-save-status').textContent(), /Saved to the case log/);
  await popup.screenshot({ path: reportArtifact('popup-saved.png'), fullPage: true });

  const csv = lurewatch('cases', 'export', '--format', 'csv', '--db', db);
  writeFileSync(reportArtifact('cases-export.csv'), csv);
  const lines = csv.split('\r\n');
  assert.match(lines[0], /^id,saved_at,seen_at,url,ref,level,score,title,text,note,indicators,evidence$/);
  assert.ok(csv.includes('"Forwarded by a volunteer, ""group B"", 22 Nov"'), 'the note, RFC 4180 quoted');
  assert.ok(csv.includes('WhatsApp only'), 'the text as captured');
  assert.match(csv, /FEE_UPFRONT/);
  assert.match(lines[1], /^1,/);

  // The popup's case list shows it, finds it, and deletes it.
  await popup.locator('#cases summary').click();
  await popup.locator('.cases-list .case').first().waitFor({ timeout: 20000 });
  assert.equal(await popup.locator('.cases-list .case').count(), 1);
  await popup.locator('.cases-search').fill('volunteer');
  await popup.locator('.cases-status', { hasText: '1 saved cases' }).waitFor({ timeout: 20000 });
  await popup.locator('.cases-search').fill('nothinglikethis');
  await popup.locator('.cases-status', { hasText: 'No saved cases' }).waitFor({ timeout: 20000 });
  await popup.locator('.cases-search').fill('');
  await popup.locator('.cases-list .case').first().waitFor({ timeout: 20000 });
  await popup.screenshot({ path: reportArtifact('popup-case-list.png'), fullPage: true });
  await popup.close();
});

test('the printable case report renders offline, one case a page, evidence marked', async () => {
  // A second case from the CLI side of the host, with an emoji before the evidence.
  const send = JSON.stringify({ v: 1, id: 'x', op: 'case_save', item: { ref: 'chat-7', title: 'Message <from> a recruiter', text: `😀 ${LURE}` }, note: 'second case' });
  const reply = lurewatch('host-send', '--host', hostPath(), send);
  assert.match(reply, /"ok":true,"case_id":2/);
  const html = reportArtifact('cases-report.html');
  lurewatch('cases', 'export', '--format', 'html', '--db', db, '--output', html);
  const { page, requests } = await openOffline(html);
  assert.equal(await page.locator('section.case').count(), 2);
  assert.ok(await page.locator('section.case mark').count() >= 4, 'evidence highlighted');
  assert.equal(await page.locator('section.case').first().evaluate((s) => getComputedStyle(s).breakAfter), 'auto', 'screen: no break');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('section.case').first().evaluate((s) => getComputedStyle(s).breakAfter), 'page', 'print: one case a page');
  await page.emulateMedia({ media: 'screen' });
  const marks = await page.locator('section.case').first().locator('mark').allTextContents();
  assert.ok(marks.some((m) => m.startsWith('WhatsApp only')), `marks: ${marks}`);
  assert.ok((await page.textContent('body')).includes('Message <from> a recruiter'), 'page text shown as text');
  await page.screenshot({ path: reportArtifact('cases-report.png'), fullPage: true });
  await page.pdf?.({ path: reportArtifact('cases-report.pdf') }).catch(() => {});
  assert.deepEqual(requests, [], 'no request besides the file');
  await page.close();
});

test('the CSV and JSON exports read back equal to the case log', () => {
  const json = JSON.parse(lurewatch('cases', 'export', '--format', 'json', '--db', db));
  assert.equal(json.length, 2);
  assert.equal(json[1].note, NOTE);
  assert.equal(json[0].item.text, `😀 ${LURE}`);
});

test('`lurewatch batch --report` renders offline with its chart and sorts', async () => {
  const corpus = join(REPO, '..', 'shared', 'corpus', 'emscad-dev.jsonl');
  const input = existsSync(corpus) ? corpus : join(REPO, 'tests', 'data', 'report-input.jsonl');
  const html = reportArtifact('batch-report.html');
  execFileSync(cli, ['batch', '--report', html, '--output', reportArtifact('batch-results.jsonl'), input]);
  const { page, requests } = await openOffline(html);
  const bars = await page.locator('svg#chart rect').count();
  assert.ok(bars >= 3, `chart bars: ${bars}`);
  const rows = await page.locator('#items tbody tr').count();
  const expected = readFileSync(input, 'utf8').split('\n').filter((l) => l.trim()).length;
  assert.equal(rows, expected);
  assert.ok(await page.locator('#languages tr').count() >= 2);
  await page.screenshot({ path: reportArtifact('batch-report.png') });
  // Sorting by score, twice: highest first, then lowest first.
  const score = page.locator('#items th', { hasText: 'Score' });
  await score.click();
  const top = Number(await page.locator('#items tbody tr').first().locator('td').nth(4).textContent());
  await score.click();
  const bottom = Number(await page.locator('#items tbody tr').first().locator('td').nth(4).textContent());
  assert.ok(top > bottom, `sorted: ${top} then ${bottom}`);
  await page.locator('svg#chart').screenshot({ path: reportArtifact('batch-report-chart.png') });
  assert.deepEqual(requests, [], 'no request besides the file');
  await page.close();
});
