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

// One line of rules/help.json as shown: its name, the first of phone, web address or
// e-mail as the contact, and the other ways to reach it (SMS, TTY) with its note.
function shownLine(line) {
  const [contact, ...others] = [line.phone, line.url, line.email].filter(Boolean);
  const extra = [...others, line.text && `SMS ${line.text}`, line.tty && `TTY ${line.tty}`, line.note];
  const note = extra.filter(Boolean).join('; ');
  return { name: line.name, contact, ...(note ? { note } : {}) };
}

// The help lines for a country followed by the ones for everywhere. Lines that the
// catalogue has not confirmed ("verify") are left out: a wrong number helps no one.
export function helpLines(country) {
  return [...(HELP.countries[country]?.lines ?? []), ...HELP.global]
    .filter((line) => !line.verify)
    .map(shownLine);
}
