import { ext } from './browser.js';

// What the user can choose in the options page, with the defaults used until they do.
export const DEFAULT_SETTINGS = Object.freeze({
  levels: ['medium', 'high'], // result levels that get a badge and highlights
  disabledSites: [], // ids from data/sites.json the user switched off
  uiLang: '', // interface language; '' follows the browser
  country: '', // help lines shown first; '' guesses from the browser language
  memoryKeep: false, // the host keeps its cross-page memory in a file (docs/privacy.md)
  memoryDays: 30, // for how many days
});

// The days the host accepts for memoryDays (docs/protocol.md, the "memory" op).
export const MEMORY_DAYS_MAX = 365;

// The fields of the host's "memory" request for these settings.
export function memoryRequest(settings) {
  const days = Math.min(Math.max(Math.round(Number(settings.memoryDays)) || 30, 1), MEMORY_DAYS_MAX);
  return { persist: settings.memoryKeep === true, retention_days: days };
}

// Reads the settings from storage.local, filling in defaults for anything unset.
export async function loadSettings() {
  const stored = await ext.storage.local.get(Object.keys(DEFAULT_SETTINGS));
  return { ...DEFAULT_SETTINGS, ...stored };
}

// Saves some settings; other keys keep their values.
export async function saveSettings(changes) {
  await ext.storage.local.set(changes);
}
