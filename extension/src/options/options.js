import { ext } from '../common/browser.js';
import { SITES, HELP } from '../common/data.js';
import { LANGUAGES, resolveLang, translator } from '../common/i18n.js';
import { loadSettings, saveSettings } from '../common/settings.js';
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
$('add-site').addEventListener('click', addSite);
showUserSites();
