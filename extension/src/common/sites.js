import { SITES } from './data.js';

// Returns the site of data/sites.json a host name belongs to, or null. Patterns are
// "https://*.example.com/*" (the domain and its subdomains) or "https://example.com/*".
export function siteFor(hostname) {
  return SITES.find((site) => site.matches.some((pattern) => {
    const host = new URL(pattern.replace('*.', 'wildcard.')).hostname;
    if (!pattern.includes('://*.')) return hostname === host;
    const base = host.slice('wildcard.'.length);
    return hostname === base || hostname.endsWith(`.${base}`);
  })) ?? null;
}
