// A field's text as the engine sees it, tied to the DOM text nodes it came from, so that
// evidence offsets [start, end) (UTF-16 code units of that text) map back to DOM Ranges.

// Elements after which a line break goes into the text (so words do not run together).
const BLOCK = new Set(['ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'DD', 'DIV', 'DL', 'DT',
  'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
  'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TD', 'TH', 'TR', 'UL']);
// Elements whose text nobody reads.
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'CANVAS', 'IFRAME', 'TEXTAREA', 'SELECT']);

// Tells whether an element should be left out of a field's text: invisible, our own UI,
// or a part the caller excludes (comments when reading a post's body, say).
function skipped(el, exclude) {
  return SKIP.has(el.tagName.toUpperCase()) || el.hidden || el.getAttribute('aria-hidden') === 'true'
    || el.hasAttribute('data-lurewatch') || (exclude !== undefined && exclude(el));
}

// Builds the text map of an element: { text, segments: [{ node, start }] } where each
// segment is a text node whose data sits at text[start, start + node.data.length).
export function textMap(root, exclude) {
  let text = '';
  const segments = [];
  const gap = (ch) => {
    if (text !== '' && !/\s$/.test(text)) text += ch;
  };
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) {
        if (child.data.trim() === '') gap(' ');
        else {
          segments.push({ node: child, start: text.length });
          text += child.data;
        }
      } else if (child.nodeType === 1 && !skipped(child, exclude)) {
        const block = BLOCK.has(child.tagName.toUpperCase());
        if (block) gap('\n');
        walk(child);
        if (block) gap('\n');
      }
    }
  };
  walk(root);
  const last = segments.at(-1);
  return { text: last ? text.slice(0, last.start + last.node.data.length) : '', segments };
}

// The text of an element with runs of white space collapsed: for short fields (a title,
// a company name) that are not highlighted.
export function plainText(el) {
  return el ? textMap(el).text.replace(/\s+/g, ' ').trim() : '';
}

// Finds the segment holding offset `at`: the first one that ends after it.
function segmentAt(segments, at) {
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const seg = segments[mid];
    if (seg.start + seg.node.data.length > at) {
      found = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return found;
}

// Maps [start, end) of a text map back to a DOM Range, or null when the page has changed
// under it (a text node shortened or removed) or the span covers no text node.
export function rangeFor(map, start, end) {
  const first = segmentAt(map.segments, start);
  const last = segmentAt(map.segments, end - 1);
  if (first < 0 || last < 0 || first > last || end <= start) return null;
  const a = map.segments[first];
  const b = map.segments[last];
  if (!a.node.isConnected || !b.node.isConnected) return null;
  const startOffset = Math.max(0, start - a.start);
  const endOffset = Math.min(b.node.data.length, end - b.start);
  if (startOffset > a.node.data.length || endOffset < 0) return null;
  const range = a.node.ownerDocument.createRange();
  range.setStart(a.node, startOffset);
  range.setEnd(b.node, endOffset);
  return range;
}

// Finds where a piece of text (an excerpt of a field captured from elsewhere, such as
// JSON-LD) appears in a text map, allowing any white space between its words.
export function findSpan(map, needle) {
  const words = needle.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const match = new RegExp(escaped.join('\\s+'), 'u').exec(map.text);
  return match ? [match.index, match.index + match[0].length] : null;
}
