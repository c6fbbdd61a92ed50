import { ext } from '../common/browser.js';
import { direction, hostLang, resolveLang, translator } from '../common/i18n.js';
import { loadSettings } from '../common/settings.js';
import { siteFor } from '../common/sites.js';
import { resolveCountry } from '../ui/help.js';
import { addBadge } from './badge.js';
import { captureAll } from './capture/index.js';
import { markClusters } from './clusters.js';
import { evidenceRanges, paint } from './highlight.js';
import { watchPage } from './observer.js';
import { createPanel } from './panel.js';
import { afterScan } from './testhook.js';

// The content script: finds the items on the page, has the background ask the local
// host about them, and shows a badge and highlights beside each flagged one. Loaded by
// the manifest on the default sites, or injected by "Scan this page" anywhere else.

// Creates the page's scanner: state kept for the life of the page.
function createScanner(settings) {
  const lang = resolveLang(settings.uiLang);
  const t = translator(lang);
  const country = resolveCountry(settings.country, lang);
  const panel = createPanel(document, { t, lang, dir: direction(lang), country });
  const seenNodes = new WeakSet();
  const sentKeys = new Set();
  const stats = { scans: 0, items: 0, flagged: 0, badges: 0, ranges: 0, markers: 0, method: '', mainThreadMs: 0, problem: null };
  const fresh = (el) => {
    if (!el || seenNodes.has(el)) return false;
    seenNodes.add(el);
    return true;
  };

  // Shows one result if its level is one the user wants to see.
  const show = (capture, result) => {
    if (!result?.ok || !settings.levels.includes(result.level)) return;
    stats.flagged += 1;
    addBadge(capture, result, t, () => panel.open(capture, result));
    stats.badges += 1;
    const painted = paint(evidenceRanges(capture, result), result.level);
    stats.ranges += painted.count;
    stats.method = painted.method;
    stats.markers += markClusters(capture, result, { t, lang, dir: direction(lang) });
  };

  // One pass: capture new items (synchronous, timed), ask the host, show the results.
  const scan = async () => {
    const t0 = performance.now();
    const captures = captureAll(document, fresh)
      .filter((c) => !sentKeys.has(c.key) && (c.item.title || c.item.text));
    captures.forEach((c) => sentKeys.add(c.key));
    stats.mainThreadMs += performance.now() - t0;
    stats.scans += 1;
    if (captures.length === 0) return;
    stats.items += captures.length;
    const reply = await ext.runtime.sendMessage({
      type: 'analyze', items: captures.map((c) => c.item), lang: hostLang(lang),
    });
    if (!reply?.ok) {
      stats.problem = reply?.problem ?? { code: 'unknown' };
      afterScan({ stats, captures, results: [] });
      return;
    }
    const t1 = performance.now();
    captures.forEach((c, i) => show(c, reply.results[i]));
    stats.mainThreadMs += performance.now() - t1;
    afterScan({ stats, captures, results: reply.results, openPanel: (i) => panel.open(captures[i], reply.results[i]) });
  };
  return { scan };
}

// Starts on page load, unless the user switched this site off; a second injection
// ("Scan this page") scans again instead of starting twice.
async function start() {
  if (globalThis.lurewatchScanner) {
    await globalThis.lurewatchScanner.scan();
    return;
  }
  const settings = await loadSettings();
  const site = siteFor(location.hostname);
  const forced = globalThis.lurewatchForced === true;
  if (site && settings.disabledSites.includes(site.id) && !forced) return;
  const scanner = createScanner(settings);
  globalThis.lurewatchScanner = scanner;
  await scanner.scan();
  watchPage(document, () => scanner.scan());
}

start();
