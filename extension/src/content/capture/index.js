import { adapterFor } from '../adapters/index.js';
import { captureGeneric, mainElement } from './generic.js';
import { captureJsonLd, jobPostings } from './jsonld.js';
import { captureMicrodata } from './microdata.js';

// Finds the items on a page: the site's adapter, then JSON-LD and microdata JobPostings;
// the generic extractor only on pages with neither an adapter nor JobPosting data.
// `fresh(el)` returns true once per element, so that each item is read once.
export function captureAll(doc, fresh) {
  const adapter = adapterFor(doc.location?.hostname ?? '');
  const found = adapter ? adapter.capture(doc, fresh) : [];
  const listing = adapter?.listing(doc) ?? { root: mainElement(doc), anchor: doc.querySelector('h1') };
  found.push(...captureMicrodata(doc).filter((c) => fresh(c.root)));
  if (fresh(doc.documentElement)) found.push(...captureJsonLd(doc, listing.root, listing.anchor));
  const jobData = doc.querySelector('[itemscope][itemtype*="JobPosting"]') || jobPostings(doc).length > 0;
  if (!jobData && !adapter) found.push(...captureGeneric(doc, fresh));
  return found;
}
