// A capture is one item found on the page: the item sent to the host (docs/protocol.md)
// plus what is needed to show the result there: the element it lives in, where its badge
// goes, and a text map for every field read from the DOM (for exact highlighting).

// A short stable key for an item that has no permalink or id: FNV-1a of its text.
export function textKey(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < Math.min(text.length, 2000); i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `text:${h.toString(16)}`;
}

// Reads comment elements with read(el) and keeps those with text: {comments, commentRoots}
// for buildCapture, the comments and their elements in step.
export function readComments(elements, read) {
  const kept = elements.map((el) => [el, read(el)]).filter(([, c]) => c.text);
  return { comments: kept.map(([, c]) => c), commentRoots: kept.map(([el]) => el) };
}

// Turns an <a href> into an absolute permalink without its query and fragment.
export function permalink(anchor) {
  if (!anchor?.href) return '';
  try {
    const url = new URL(anchor.href);
    return `${url.origin}${url.pathname}`;
  } catch {
    return '';
  }
}

// Builds a capture. Each of title, text and fields.* may be a string (read from data) or
// a text map (read from the DOM); comments are plain objects {author, handle, time, text},
// and commentRoots, when given, their elements in the same order (where inline markers go).
export function buildCapture({ key, kind, root, anchor, url, title, text, fields = {}, comments, commentRoots = [] }) {
  const maps = {};
  const value = (name, v) => {
    if (v && typeof v === 'object') {
      maps[name] = v;
      return v.text.trim() === '' ? '' : v.text;
    }
    return typeof v === 'string' ? v.trim() : '';
  };
  const item = { ref: key, kind };
  const t = value('title', title);
  const body = value('text', text);
  if (t) item.title = t;
  if (body) item.text = body;
  if (url) item.url = url;
  const named = Object.entries(fields)
    .map(([name, v]) => [name, value(`fields.${name}`, v)])
    .filter(([, v]) => v !== '');
  if (named.length > 0) item.fields = Object.fromEntries(named);
  if (comments?.length) {
    item.kind = 'thread';
    item.comments = comments;
  }
  return { key, root, anchor: anchor ?? root, item, maps, commentRoots };
}
