import { HELP } from '../common/data.js';

// Picks the country whose help lines are shown first: the user's choice, else the
// region of the browser language (en-GB: GB; EU members: EU), else the usual country of the interface
// language (vi: VN), else none (then only the lines that work everywhere are shown).
export function resolveCountry(choice, lang, browserLang = globalThis.navigator?.language ?? '') {
  if (choice && HELP.countries[choice]) return choice;
  const region = browserLang.split(/[-_]/)[1]?.toUpperCase();
  if (region && HELP.countries[region]) return region;
  if (region && HELP.eu_members.includes(region)) return 'EU';
  return HELP.lang_country[lang] ?? '';
}

// The help lines for a country followed by the ones for everywhere.
export function helpLines(country) {
  return [...(HELP.countries[country]?.lines ?? []), ...HELP.global];
}
