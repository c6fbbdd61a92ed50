import { plainText, textMap } from '../textmap.js';
import { buildCapture, permalink, readComments } from '../capture/item.js';

// Facebook: group and page posts in the feed (role=article), with their comments, which
// Facebook renders as nested role=article elements labelled "Comment by ...".
const COMMENT = '[role="article"][aria-label]';
const LINK = 'a[href*="/posts/"], a[href*="/permalink/"], a[href*="story_fbid"]';

// Reads one Facebook comment.
function readComment(el) {
  const author = el.querySelector('a[role="link"] span, a[href*="/user/"] span');
  const time = el.querySelector('a[href*="comment_id"]');
  return {
    author: plainText(author),
    handle: permalink(author?.closest('a')),
    time: plainText(time),
    text: plainText(el.querySelector('div[dir="auto"]')),
  };
}

export const facebook = {
  id: 'facebook',
  hosts: ['facebook.com'],

  // Captures the top-level posts of the feed not seen before, keyed by permalink.
  capture(doc, fresh) {
    return [...doc.querySelectorAll('[role="feed"] [role="article"]:not([aria-label]), [role="main"] [role="article"]:not([aria-label])')]
      .filter((post) => !post.parentElement.closest('[role="article"]') && fresh(post))
      .map((post) => {
        const message = post.querySelector('[data-ad-preview="message"], [data-ad-comet-preview="message"]');
        const author = post.querySelector('h2 a, h3 a, h4 a');
        return { post, message, author };
      })
      .filter(({ message }) => message)
      .map(({ post, message, author }) => buildCapture({
        key: `facebook:${permalink(post.querySelector(LINK)) || post.getAttribute('aria-posinset') || plainText(message).slice(0, 80)}`,
        kind: 'post',
        root: post,
        anchor: author?.closest('h2, h3, h4') ?? message,
        url: permalink(post.querySelector(LINK)) || undefined,
        text: textMap(message),
        fields: { author: plainText(author) },
        ...readComments([...post.querySelectorAll(COMMENT)], readComment),
      }));
  },

  // Facebook has no job listings with JSON-LD.
  listing() {
    return null;
  },
};
