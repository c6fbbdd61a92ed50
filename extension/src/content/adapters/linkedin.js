import { plainText, textMap } from '../textmap.js';
import { buildCapture, permalink, readComments } from '../capture/item.js';

// LinkedIn: the job view (title, company, location, description) and feed posts with
// their comments. LinkedIn publishes no JSON-LD on logged-in pages.
export const linkedin = {
  id: 'linkedin',
  hosts: ['linkedin.com'],

  // Captures the open job and the feed posts not seen before.
  capture(doc, fresh) {
    const out = [];
    const job = doc.querySelector('.jobs-search__job-details, .job-view-layout');
    const desc = job?.querySelector('#job-details, .jobs-description__content');
    if (job && desc && fresh(job)) {
      const title = job.querySelector('.job-details-jobs-unified-top-card__job-title h1, h1');
      const id = new URL(doc.location.href).searchParams.get('currentJobId')
        ?? doc.location.pathname.match(/\/jobs\/view\/(\d+)/)?.[1] ?? doc.location.href;
      out.push(buildCapture({
        key: `linkedin:job:${id}`,
        kind: 'job',
        root: job,
        anchor: title,
        url: doc.location.href,
        title: title ? textMap(title) : '',
        text: textMap(desc),
        fields: {
          company: plainText(job.querySelector('.job-details-jobs-unified-top-card__company-name')),
          location: plainText(job.querySelector('.job-details-jobs-unified-top-card__primary-description-container .tvm__text, .job-details-jobs-unified-top-card__bullet')),
          salary: plainText(job.querySelector('.job-details-jobs-unified-top-card__job-insight--highlight, .salary')),
        },
      }));
    }
    for (const post of doc.querySelectorAll('.feed-shared-update-v2[data-urn]')) {
      if (!fresh(post)) continue;
      const text = post.querySelector('.update-components-text, .feed-shared-update-v2__description');
      if (!text) continue;
      out.push(buildCapture({
        key: `linkedin:${post.getAttribute('data-urn')}`,
        kind: 'post',
        root: post,
        anchor: post.querySelector('.update-components-actor__title') ?? text,
        url: permalink(post.querySelector('a[href*="/feed/update/"]')) || undefined,
        text: textMap(text),
        fields: { author: plainText(post.querySelector('.update-components-actor__title')) },
        ...readComments([...post.querySelectorAll('.comments-comment-entity, .comments-comment-item')], (c) => ({
          author: plainText(c.querySelector('.comments-comment-meta__description-title')),
          handle: permalink(c.querySelector('a.comments-comment-meta__image-link, a[href*="/in/"]')),
          time: plainText(c.querySelector('time')),
          text: plainText(c.querySelector('.comments-comment-item__main-content, .update-components-text')),
        })),
      }));
    }
    return out;
  },

  // Where a JSON-LD posting's badge goes when the page also has one.
  listing(doc) {
    const root = doc.querySelector('.jobs-search__job-details, .job-view-layout');
    return root ? { root, anchor: root.querySelector('h1') } : null;
  },
};
