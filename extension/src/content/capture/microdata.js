import { plainText, textMap } from '../textmap.js';
import { buildCapture, permalink } from './item.js';

// schema.org JobPosting in microdata (itemscope/itemprop attributes on the visible page).
// Because the values are the page's own elements, title and description map to the DOM
// exactly and their evidence is highlighted by offset.

// Finds the elements of one property that belong to this item, not to a nested item.
function props(scope, name) {
  return [...scope.querySelectorAll(`[itemprop~="${name}"]`)]
    .filter((el) => el.parentElement.closest('[itemscope]') === scope);
}

// Reads a property's value as text: its content/datetime attribute, a nested item's
// name, or its visible text.
function propText(scope, name) {
  return props(scope, name).map((el) => {
    if (el.hasAttribute('content')) return el.getAttribute('content');
    if (el.hasAttribute('datetime')) return el.getAttribute('datetime');
    if (el.hasAttribute('itemscope')) {
      const inner = props(el, 'name')[0];
      return plainText(inner ?? el);
    }
    return plainText(el);
  }).filter(Boolean).join(', ');
}

// Captures every microdata JobPosting on the page.
export function captureMicrodata(doc) {
  return [...doc.querySelectorAll('[itemscope][itemtype*="JobPosting"]')].map((scope) => {
    const titleEl = props(scope, 'title')[0];
    const descEl = props(scope, 'description')[0];
    const link = props(scope, 'url')[0];
    const id = propText(scope, 'identifier') || permalink(link) || doc.location?.href;
    return buildCapture({
      key: `jobposting:${id}`,
      kind: 'job',
      root: scope,
      anchor: titleEl,
      url: permalink(link) || doc.location?.href,
      title: titleEl ? textMap(titleEl) : '',
      text: descEl ? textMap(descEl) : '',
      fields: {
        company: propText(scope, 'hiringOrganization'),
        location: propText(scope, 'jobLocation'),
        salary: propText(scope, 'baseSalary'),
        employment_type: propText(scope, 'employmentType'),
        date_posted: propText(scope, 'datePosted'),
      },
    });
  });
}
