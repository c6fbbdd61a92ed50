import { ext } from '../common/browser.js';
import { hostLang, resolveLang, translator } from '../common/i18n.js';
import { loadSettings } from '../common/settings.js';
import { resolveCountry } from '../ui/help.js';
import { localizePage } from '../ui/localize.js';
import { renderCaseList } from '../ui/caselist.js';
import { markedText } from '../ui/marked.js';
import { renderReport } from '../ui/report.js';
import { saveCaseForm } from '../ui/savecase.js';
import { REPORT_CSS } from '../ui/styles.js';

// The toolbar popup: whether the helper program works, "Scan this page", and
// "Check a message" for text pasted from elsewhere.
const settings = await loadSettings();
const lang = resolveLang(settings.uiLang);
const t = translator(lang);
const $ = (id) => document.getElementById(id);

// Creates a paragraph with a class and text.
function para(className, text) {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}

// Shows a problem in plain words: what is wrong, how to fix it, what the browser said.
function problemNodes(problem) {
  const nodes = [para('what', t(`problem_${problem.code}`)), para('fix', t(`fix_${problem.code}`))];
  if (problem.detail) nodes.push(para('detail', t('problem_browser_said', problem.detail)));
  return nodes;
}

// Asks the background for the host status and shows it with the rule pack's version.
async function showStatus() {
  const box = $('status');
  const status = await ext.runtime.sendMessage({ type: 'status' });
  box.classList.toggle('ok', status.ok);
  box.classList.toggle('problem', !status.ok);
  if (!status.ok) {
    box.replaceChildren(...problemNodes(status.problem));
    return;
  }
  const { pack, host } = status.hello;
  const version = [pack?.name, pack?.version].filter(Boolean).join(' ') || '?';
  const hostVersion = [host?.name, host?.version].filter(Boolean).join(' ');
  box.replaceChildren(para('what', t('status_ok')), para('detail', t('status_rules', version)), para('detail', hostVersion));
}

// Injects the content script into the active tab.
async function scanPage() {
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  const reply = await ext.runtime.sendMessage({ type: 'scan-tab', tabId: tab.id });
  $('scan-result').textContent = reply.ok ? t('scan_done') : t('scan_failed');
}

// Analyses the pasted text as a message and shows it marked, with the same report as
// the in-page panel.
async function checkMessage() {
  const text = $('message').value;
  const out = $('check-result');
  if (text.trim() === '') return;
  out.replaceChildren(para('', t('status_checking')));
  const item = { ref: 'popup', kind: 'message', text };
  const reply = await ext.runtime.sendMessage({ type: 'analyze', items: [item], lang: hostLang(lang) });
  if (!reply.ok) {
    out.replaceChildren(...problemNodes(reply.problem));
    return;
  }
  const [result] = reply.results;
  if (!result?.ok) {
    out.replaceChildren(...problemNodes({ code: 'host_error', detail: result?.error?.message ?? '' }));
    return;
  }
  const country = resolveCountry(settings.country, lang);
  const send = (message) => ext.runtime.sendMessage(message);
  out.replaceChildren(markedText(document, text, result), renderReport(document, { result, item, t, country }),
    saveCaseForm(document, { t, item, result, url: '', send }));
}

// Applies the shared report styles to the popup document.
function adoptReportStyles() {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(REPORT_CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

localizePage(document, t, lang);
adoptReportStyles();
$('scan').addEventListener('click', scanPage);
$('check').addEventListener('click', checkMessage);
$('options').addEventListener('click', () => ext.runtime.openOptionsPage());
showStatus();
const caseList = renderCaseList(document, $('cases-body'), { t, send: (message) => ext.runtime.sendMessage(message) });
$('cases').addEventListener('toggle', () => { if ($('cases').open) caseList.refresh(); });
