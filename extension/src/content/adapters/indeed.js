import { plainText, textMap } from '../textmap.js';
import { buildCapture } from '../capture/item.js';

// Indeed: the job view. Its JSON-LD is often missing on the logged-in view, and the
// description element is stable (#jobDescriptionText), so the DOM is read directly.
export const indeed = {
  id: 'indeed',
  hosts: ['indeed.com'],

  // Captures the open job, keyed by Indeed's job key (jk).
  capture(doc, fresh) {
    const desc = doc.querySelector('#jobDescriptionText');
    const root = desc?.closest('.jobsearch-JobComponent, .jobsearch-ViewJobLayout, main') ?? desc?.parentElement;
    if (!desc || !root || !fresh(root)) return [];
    const title = root.querySelector('[data-testid="jobsearch-JobInfoHeader-title"], h1');
    const jk = new URL(doc.location.href).searchParams.get('jk')
      ?? root.querySelector('[data-jk]')?.getAttribute('data-jk') ?? doc.location.href;
    return [buildCapture({
      key: `indeed:${jk}`,
      kind: 'job',
      root,
      anchor: title,
      url: doc.location.href,
      title: title ? textMap(title) : '',
      text: textMap(desc),
      fields: {
        company: plainText(root.querySelector('[data-testid="inlineHeader-companyName"], [data-company-name]')),
        location: plainText(root.querySelector('[data-testid="inlineHeader-companyLocation"], [data-testid="job-location"]')),
        salary: plainText(root.querySelector('#salaryInfoAndJobType')),
      },
    })];
  },

  // Where a JSON-LD posting's badge goes when the page also has one.
  listing(doc) {
    const root = doc.querySelector('#jobDescriptionText')?.closest('.jobsearch-JobComponent, main');
    return root ? { root, anchor: root.querySelector('h1') } : null;
  },
};
