import { plainText, textMap } from '../textmap.js';
import { buildCapture, permalink, readComments, textKey } from './item.js';

// The generic extractor, for pages with no structured data and no adapter: feed items
// (role=article, <article>, or a run of look-alike siblings), each with its comments
// where the page shows them, or else the page's main listing.

const POST_SEL = 'article, [role="article"]';
const COMMENT_SEL = '[itemprop~="comment"], [role="comment"], li[class*="comment" i], div[class~="comment"]';
const AUTHOR_SEL = '[itemprop~="author"], [rel~="author"], [class*="author" i], [data-author]';
const HANDLE_SEL = '[class*="handle" i], [class*="username" i]';
const LINK_SEL = 'a[rel~="bookmark"], a[href*="/posts/"], a[href*="/status/"], a[href*="/permalink"], a[href*="/jobs/view/"]';
const CHROME_TAGS = new Set(['NAV', 'HEADER', 'FOOTER', 'ASIDE', 'FORM']);
const MIN_ITEM_TEXT = 60;
const CARD_TAGS = new Set(['LI', 'DIV', 'SECTION']);

// Tells whether an element is a comment, or a post nested in a post (feeds render
// comments as nested articles).
function isComment(el, root) {
  if (el === root) return false;
  return el.matches(COMMENT_SEL) || (el.matches(POST_SEL) && el.parentElement?.closest(POST_SEL) !== null);
}

// Reads one comment: who wrote it, under which handle, when, and what it says.
function readComment(el) {
  const authorEl = el.querySelector(AUTHOR_SEL);
  const handleEl = el.querySelector(HANDLE_SEL);
  const timeEl = el.querySelector('time');
  const meta = (node) => node === authorEl || node === handleEl || node === timeEl
    || (node !== el && isComment(node, el));
  const handle = plainText(handleEl) || (plainText(authorEl).match(/@[\w.]+/u)?.[0] ?? '');
  return {
    author: plainText(authorEl).replace(handle, '').trim(),
    handle,
    time: timeEl?.getAttribute('datetime') || plainText(timeEl),
    text: textMap(el, meta).text.replace(/\s+/g, ' ').trim(),
  };
}

// The comments of a post, outermost first; replies are listed too, each with its own text.
// Returns {comments, commentRoots}: the comments read and their elements, in step.
function commentsOf(root) {
  const elements = [...root.querySelectorAll(`${COMMENT_SEL}, ${POST_SEL}`)].filter((el) => isComment(el, root));
  return readComments(elements, readComment);
}

// A stable key for a post: its permalink, its id attribute, or a hash of its text.
function postKey(root, text) {
  const link = root.querySelector(LINK_SEL) ?? root.querySelector('time')?.closest('a');
  const href = permalink(link);
  if (href) return href;
  const id = root.getAttribute('data-urn') || root.getAttribute('data-id') || root.id;
  return id ? `id:${id}` : textKey(text);
}

// Captures one post (feed item or listing): heading as title, the rest as text, comments
// kept apart so that the engine can look at them as a thread.
export function capturePost(root, { chrome = false, key } = {}) {
  const heading = [...root.querySelectorAll('h1, h2, h3')].find((h) => !h.closest(COMMENT_SEL));
  const exclude = (el) => el === heading || isComment(el, root)
    || (chrome && CHROME_TAGS.has(el.tagName.toUpperCase()));
  const body = textMap(root, exclude);
  const authorEl = [...root.querySelectorAll(AUTHOR_SEL)].find((el) => !el.closest(COMMENT_SEL));
  return buildCapture({
    key: key ?? postKey(root, body.text),
    kind: 'post',
    root,
    anchor: heading ?? root,
    url: permalink(root.querySelector(LINK_SEL)) || undefined,
    title: heading ? textMap(heading) : '',
    text: body,
    fields: { author: plainText(authorEl) },
    ...commentsOf(root),
  });
}

// Tells whether an element looks like a feed card: a block with parts and real text.
function isCard(el) {
  return CARD_TAGS.has(el.tagName.toUpperCase()) && el.children.length >= 2
    && (el.textContent ?? '').trim().length >= MIN_ITEM_TEXT;
}

// Finds feed items by structure when the page does not mark them: the largest group of
// three or more sibling elements with the same tag and class, each with real text.
export function repeatedItems(scope) {
  let best = [];
  for (const parent of [scope, ...scope.querySelectorAll('ul, ol, section, div')].slice(0, 400)) {
    const groups = new Map();
    for (const child of parent.children) {
      const sig = `${child.tagName}.${child.className}`;
      if (!groups.has(sig)) groups.set(sig, []);
      groups.get(sig).push(child);
    }
    for (const group of groups.values()) {
      if (group.length >= 3 && group.length > best.length && group.every(isCard)) best = group;
    }
  }
  return best;
}

// The top-level feed items of a page: articles not nested in another article, else
// repeated structure inside the main content.
export function feedItems(doc) {
  const posts = [...doc.querySelectorAll(POST_SEL)]
    .filter((el) => el.parentElement?.closest(POST_SEL) == null && !el.closest(COMMENT_SEL));
  if (posts.length > 0) return posts;
  return repeatedItems(mainElement(doc));
}

// The element holding the page's main content.
export function mainElement(doc) {
  return doc.querySelector('main, [role="main"]') ?? doc.body;
}

// Captures a page with no structured data: its feed items, or else its main listing.
export function captureGeneric(doc, fresh) {
  const items = feedItems(doc);
  if (items.length > 0) return items.filter(fresh).map((el) => capturePost(el));
  const main = mainElement(doc);
  const key = `page:${doc.location?.href ?? ''}`;
  return fresh(main) ? [capturePost(main, { chrome: true, key })] : [];
}
