import { ext } from '../common/browser.js';
import { SITES, HELP } from '../common/data.js';
import { LANGUAGES, resolveLang, translator } from '../common/i18n.js';
import { MEMORY_DAYS_MAX, loadSettings, memoryRequest, saveSettings } from '../common/settings.js';
import { localizePage } from '../ui/localize.js';

// The options page: which levels to show, which default sites to watch, the interface
// language, the country for help lines, and other sites the user allows.
const settings = await loadSettings();
const t = translator(resolveLang(settings.uiLang));
const $ = (id) => document.getElementById(id);
const DEFAULT_ORIGINS = new Set(SITES.flatMap((s) => s.matches));

// Saves a change and says so.
async function save(changes) {
  await saveSettings(changes);
  $('saved').textContent = t('options_saved');
}

// A labelled checkbox that calls onChange(checked).
function checkbox(text, checked, onChange) {
  const label = document.createElement('label');
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.checked = checked;
  box.addEventListener('change', () => onChange(box.checked));
  label.append(box, document.createTextNode(` ${text}`));
  return label;
}

// Fills a <select> with [value, text] pairs and selects one.
function fillSelect(select, options, value, onChange) {
  for (const [v, text] of options) {
    const option = document.createElement('option');
    option.value = v;
    option.textContent = text;
    select.append(option);
  }
  select.value = value;
  select.addEventListener('change', () => onChange(select.value));
}

// The memory option: "Remember fingerprints ... for [N] days", the number field placed
// where the language puts $1. A change is saved, then sent to the host, which loads,
// writes or deletes its file; a problem with the file is shown below the hint.
function memoryOption() {
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.id = 'memory-keep';
  box.checked = settings.memoryKeep === true;
  const days = document.createElement('input');
  days.type = 'number';
  days.id = 'memory-days';
  days.min = '1';
  days.max = String(MEMORY_DAYS_MAX);
  days.value = String(memoryRequest(settings).retention_days);
  // The number field sits inside the checkbox's label, so it gets a name of its own.
  const name = () => days.setAttribute('aria-label', t('options_memory_keep', days.value));
  name();
  const [before, after = ''] = t('options_memory_keep', '\u0000').split('\u0000');
  const label = document.createElement('label');
  label.append(box, document.createTextNode(` ${before}`), days, document.createTextNode(after));
  const apply = async () => {
    const chosen = { memoryKeep: box.checked, memoryDays: Number(days.value) };
    days.value = String(memoryRequest(chosen).retention_days);
    name();
    await save({ memoryKeep: box.checked, memoryDays: Number(days.value) });
    const reply = await ext.runtime.sendMessage({ type: 'memory-settings' });
    const status = reply?.ok ? reply.memory?.file : reply?.problem?.code;
    const problem = !reply?.ok || ['unavailable', 'damaged', 'off'].includes(status);
    $('memory-problem').hidden = !problem;
    $('memory-problem').textContent = problem ? t('options_memory_problem', String(status ?? '')) : '';
  };
  box.addEventListener('change', apply);
  days.addEventListener('change', apply);
  $('memory').querySelector('legend').after(label);
}

// Lists the sites the user allowed beyond the default ones, each with a remove button.
async function showUserSites() {
  const { origins = [] } = await ext.permissions.getAll();
  const list = $('user-sites');
  list.replaceChildren(...origins.filter((o) => !DEFAULT_ORIGINS.has(o) && o.startsWith('https://') && o !== 'https://*/*').map((origin) => {
    const li = document.createElement('li');
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = t('options_remove');
    remove.addEventListener('click', async () => {
      await ext.permissions.remove({ origins: [origin] });
      showUserSites();
    });
    li.append(document.createTextNode(origin), remove);
    return li;
  }));
}

// Asks the browser for permission to run on one more site (the user confirms).
async function addSite() {
  const host = $('site').value.trim().replace(/^https?:\/\//, '').split('/')[0];
  if (!/^[\w.-]+\.[a-z]{2,}$/i.test(host)) return;
  const granted = await ext.permissions.request({ origins: [`https://${host}/*`] });
  if (granted) $('site').value = '';
  showUserSites();
}

localizePage(document, t, resolveLang(settings.uiLang));
const levels = new Set(settings.levels);
for (const level of ['low', 'medium', 'high']) {
  $('levels').append(checkbox(t(`level_${level}`), levels.has(level), (on) => {
    if (on) levels.add(level); else levels.delete(level);
    save({ levels: [...levels] });
  }));
}
fillSelect($('lang'), [['', t('options_lang_auto')], ...Object.entries(LANGUAGES)], settings.uiLang,
  (uiLang) => save({ uiLang }));
fillSelect($('country'), [['', t('options_country_auto')], ...Object.entries(HELP.countries).map(([code, c]) => [code, c.name])],
  settings.country, (country) => save({ country }));
const disabled = new Set(settings.disabledSites);
for (const site of SITES) {
  $('sites').append(checkbox(site.name, !disabled.has(site.id), (on) => {
    if (on) disabled.delete(site.id); else disabled.add(site.id);
    save({ disabledSites: [...disabled] });
  }));
}
memoryOption();
$('add-site').addEventListener('click', addSite);
showUserSites();
