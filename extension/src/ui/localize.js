import { direction } from '../common/i18n.js';

// Puts translated text into an extension page: every element with a data-i18n key gets
// t(key) as its text, data-i18n-placeholder its placeholder; the page gets lang and dir.
export function localizePage(doc, t, lang) {
  doc.documentElement.lang = lang.replace('_', '-');
  doc.documentElement.dir = direction(lang);
  for (const el of doc.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of doc.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
}
