import { ext } from './browser.js';
import { MESSAGES } from './messages.js';

// Interface languages, in the order the options page lists them, with their own names.
export const LANGUAGES = Object.freeze({
  en: 'English', es: 'Español', pt: 'Português', ru: 'Русский', uk: 'Українська',
  ro: 'Română', th: 'ไทย', vi: 'Tiếng Việt', id: 'Bahasa Indonesia', tl: 'Tagalog',
  zh_CN: '中文（简体）', hi: 'हिन्दी', ar: 'العربية', km: 'ខ្មែរ', my: 'မြန်မာ',
});

const RTL = new Set(['ar']);

// Picks the interface language: the user's choice, else the browser's UI language
// (exact match, then the base language), else English.
export function resolveLang(choice) {
  const wanted = choice || ext.i18n.getUILanguage();
  const norm = wanted.replace('-', '_');
  if (MESSAGES[norm]) return norm;
  const base = norm.split('_')[0];
  if (base === 'zh') return 'zh_CN';
  return MESSAGES[base] ? base : 'en';
}

// The language tag the host expects for ui_lang (BCP 47: zh-CN rather than zh_CN).
export function hostLang(lang) {
  return lang.replace('_', '-');
}

// Returns the text direction of a language, for dir= attributes.
export function direction(lang) {
  return RTL.has(lang) ? 'rtl' : 'ltr';
}

// Returns a translator for one language: t(key, ...subs) replaces $1, $2, ... with subs.
// Falls back to English for a key the language lacks, and to the key itself.
export function translator(lang) {
  const table = MESSAGES[lang] ?? MESSAGES.en;
  return (key, ...subs) => {
    const text = table[key] ?? MESSAGES.en[key] ?? key;
    return text.replace(/\$(\d)/g, (_, n) => subs[Number(n) - 1] ?? '');
  };
}
