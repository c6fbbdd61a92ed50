import { textMap } from '../textmap.js';
import { buildCapture } from './item.js';

// schema.org JobPosting in JSON-LD: the structured copy of an advert most job boards
// publish for search engines. It is read from every script[type="application/ld+json"].

// Tells whether a JSON-LD node is a JobPosting (its @type may be a string or an array,
// with or without the schema.org prefix).
function isJobPosting(node) {
  const types = Array.isArray(node['@type']) ? node['@type'] : [node['@type']];
  return types.some((t) => typeof t === 'string' && /(^|[/:])JobPosting$/.test(t));
}

// Collects the JobPosting nodes anywhere in a parsed JSON-LD value (arrays, @graph,
// nested objects such as an ItemList), depth-limited against hostile input.
function collectPostings(value, out, depth = 0) {
  if (depth > 8 || value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    value.forEach((v) => collectPostings(v, out, depth + 1));
    return out;
  }
  if (isJobPosting(value)) out.push(value);
  else Object.values(value).forEach((v) => collectPostings(v, out, depth + 1));
  return out;
}

// Reads a schema.org value that may be a string, a number, an object with a name or
// value, or an array of those, as one line of text.
function asText(value) {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(asText).filter(Boolean).join(', ');
  if (typeof value === 'string' || typeof value === 'number') return String(value).trim();
  if (typeof value === 'object') {
    if (value.address) return asText(value.address);
    const parts = [value.name, value.streetAddress, value.addressLocality, value.addressRegion,
      value.addressCountry].map(asText).filter(Boolean);
    return parts.length ? parts.join(', ') : asText(value.value);
  }
  return '';
}

// Reads baseSalary (a MonetaryAmount with a QuantitativeValue, or a bare number/string).
function salaryText(salary) {
  if (!salary || typeof salary !== 'object') return asText(salary);
  const v = salary.value;
  const amount = v && typeof v === 'object'
    ? [v.minValue, v.maxValue].filter((x) => x !== undefined).join('–') || asText(v.value)
    : asText(v);
  const unit = v && typeof v === 'object' ? asText(v.unitText) : '';
  return [amount, asText(salary.currency), unit && `/ ${unit.toLowerCase()}`].filter(Boolean).join(' ');
}

// Turns the description's HTML into plain text without touching the live page: the HTML
// is parsed into a detached document (scripts never run there, images never load).
export function htmlToText(html, doc) {
  if (typeof html !== 'string' || html === '') return '';
  const Parser = globalThis.DOMParser ?? doc.defaultView.DOMParser;
  const parsed = new Parser().parseFromString(html, 'text/html');
  return textMap(parsed.body).text.trim();
}

// Returns the parsed JSON-LD postings of a document, skipping scripts that are not JSON.
export function jobPostings(doc) {
  const postings = [];
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      collectPostings(JSON.parse(script.textContent), postings);
    } catch {
      // Broken JSON-LD is common; the page's other data still counts.
    }
  }
  return postings;
}

// Captures every JSON-LD JobPosting. The listing's DOM root (found by an adapter or the
// page's main element) is used for the badge and for finding excerpts to highlight.
export function captureJsonLd(doc, root, anchor) {
  return jobPostings(doc).map((p) => {
    const id = asText(p.identifier?.value ?? p.identifier) || asText(p.url) || doc.location?.href || '';
    return buildCapture({
      key: `jobposting:${id || asText(p.title)}`,
      kind: 'job',
      root,
      anchor,
      url: asText(p.url) || doc.location?.href,
      title: asText(p.title),
      text: htmlToText(asText(p.description), doc),
      fields: {
        company: asText(p.hiringOrganization),
        location: asText(p.jobLocation) || asText(p.applicantLocationRequirements),
        salary: salaryText(p.baseSalary),
        employment_type: asText(p.employmentType),
        date_posted: asText(p.datePosted),
      },
    });
  });
}
