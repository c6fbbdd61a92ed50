import { facebook } from './facebook.js';
import { indeed } from './indeed.js';
import { linkedin } from './linkedin.js';

// The site adapters, each in its own file. An adapter has an id, the hosts it serves,
// capture(doc, fresh) and listing(doc) (see linkedin.js).
export const ADAPTERS = [linkedin, indeed, facebook];

// Returns the adapter for a host name (the site or any subdomain), or null.
export function adapterFor(hostname) {
  return ADAPTERS.find((a) => a.hosts.some((h) => hostname === h || hostname.endsWith(`.${h}`))) ?? null;
}
