import { ext } from './browser.js';

// What the user can choose in the options page, with the defaults used until they do.
export const DEFAULT_SETTINGS = Object.freeze({
  levels: ['medium', 'high'], // result levels that get a badge and highlights
  disabledSites: [], // ids from data/sites.json the user switched off
  uiLang: '', // interface language; '' follows the browser
  country: '', // help lines shown first; '' guesses from the browser language
});

// Reads the settings from storage.local, filling in defaults for anything unset.
export async function loadSettings() {
  const stored = await ext.storage.local.get(Object.keys(DEFAULT_SETTINGS));
  return { ...DEFAULT_SETTINGS, ...stored };
}

// Saves some settings; other keys keep their values.
export async function saveSettings(changes) {
  await ext.storage.local.set(changes);
}
