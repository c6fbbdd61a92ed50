import { commentNotes } from '../common/clusters.js';
import { styledShadow } from '../ui/shadow.js';

// Inline markers beside the comments of a coordinated group. Each marker lives in its own
// element with a closed shadow root, like the badge: the page's CSS and scripts cannot
// restyle or rewrite it, and its text never passes through an HTML parser.
const MARKER_CSS = `
.lw-cluster { all: initial; display: inline-block; margin: .25em 0; padding: .15em .55em;
  border-radius: 6px; border: 1px solid #b3261e; background: #fff1ef; color: #5c1410;
  font: 12px/1.4 system-ui, "Noto Sans", "Noto Sans Arabic", "Noto Sans Thai", "Noto Sans Khmer",
  "Noto Sans Myanmar", "Noto Sans CJK SC", sans-serif; unicode-bidi: isolate; }
.lw-cluster b { font-weight: 700; color: #b3261e; }
`;

// Adds one marker to each comment of the capture that a group includes; returns how many.
// A comment is marked once, however often the page is scanned again.
export function markClusters(capture, result, { t, lang, dir }) {
  const doc = capture.root.ownerDocument;
  let count = 0;
  for (const [index, sentences] of commentNotes(result, t, lang)) {
    const el = capture.commentRoots?.[index];
    if (!el?.isConnected || el.querySelector(':scope > [data-lurewatch="cluster"]')) continue;
    const host = doc.createElement('span');
    host.setAttribute('data-lurewatch', 'cluster');
    host.setAttribute('data-comment', String(index));
    host.style.cssText = 'all: initial; display: block;';
    const note = doc.createElement('span');
    note.className = 'lw-cluster';
    note.setAttribute('role', 'note');
    note.lang = lang.replace('_', '-');
    note.dir = dir;
    const label = doc.createElement('b');
    label.textContent = `⚑ ${t('cluster_label')}: `;
    note.append(label, doc.createTextNode(sentences.join(' · ')));
    styledShadow(host, MARKER_CSS).append(note);
    el.append(host);
    count += 1;
  }
  return count;
}
