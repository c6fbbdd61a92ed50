import { evidenceText } from '../common/evidence.js';
import { findSpan, rangeFor, textMap } from './textmap.js';

// Highlights the words that raised each indicator. Evidence in a field read from the DOM
// maps to a Range by offset; evidence in a field read from data (JSON-LD) is looked up
// as text inside the item's element.

// Returns a DOM Range for every evidence span of a result that can be found on the page.
export function evidenceRanges(capture, result) {
  const ranges = [];
  let rootMap = null;
  for (const ind of result.indicators ?? []) {
    for (const ev of ind.evidence ?? []) {
      const map = capture.maps[ev.field];
      let range = map ? rangeFor(map, ev.start, ev.end) : null;
      if (!map) {
        rootMap ??= textMap(capture.root);
        const span = findSpan(rootMap, evidenceText(capture.item, ev));
        range = span ? rangeFor(rootMap, span[0], span[1]) : null;
      }
      if (range) ranges.push(range);
    }
  }
  return ranges;
}

// Tells whether the CSS Custom Highlight API is there (Chromium 105+, Firefox 140+).
function hasHighlightApi() {
  return typeof globalThis.Highlight === 'function' && globalThis.CSS?.highlights !== undefined;
}

// Lists the text nodes a range touches.
function textNodesIn(range) {
  const rootNode = range.commonAncestorContainer;
  if (rootNode.nodeType === 3) return [rootNode];
  const doc = rootNode.ownerDocument;
  const walker = doc.createTreeWalker(rootNode, 4 /* NodeFilter.SHOW_TEXT */);
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (range.intersectsNode(n)) nodes.push(n);
  }
  return nodes;
}

// The fallback: wraps the range's text in <mark> elements (created with createElement;
// the page's text nodes are moved, never re-parsed).
function wrapInMarks(range, level) {
  const doc = range.startContainer.ownerDocument;
  const { startContainer, startOffset, endContainer, endOffset } = range;
  for (const node of textNodesIn(range)) {
    const from = node === startContainer ? startOffset : 0;
    const to = node === endContainer ? endOffset : node.data.length;
    if (to <= from) continue;
    if (to < node.data.length) node.splitText(to);
    const target = from > 0 ? node.splitText(from) : node;
    const mark = doc.createElement('mark');
    mark.className = `lurewatch-mark lurewatch-${level}`;
    target.before(mark);
    mark.append(target);
  }
}

// Joins ranges that overlap or touch into one, in document order. Evidence often nests (a
// whole comment, and the phone number inside it): Firefox drew only part of such a pair,
// and the <mark> fallback would nest marks.
function mergeRanges(ranges) {
  const sorted = [...ranges].sort((a, b) => a.compareBoundaryPoints(0 /* START_TO_START */, b));
  const merged = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && last.comparePoint(range.startContainer, range.startOffset) <= 0) {
      if (last.comparePoint(range.endContainer, range.endOffset) > 0) {
        last.setEnd(range.endContainer, range.endOffset);
      }
    } else {
      merged.push(range.cloneRange());
    }
  }
  return merged;
}

// Paints ranges with the level's highlight, overlapping ones joined; returns how many
// ranges were painted and how.
export function paint(evidence, level) {
  const ranges = mergeRanges(evidence);
  if (hasHighlightApi()) {
    const name = `lurewatch-${level}`;
    const highlight = CSS.highlights.get(name) ?? new Highlight();
    ranges.forEach((r) => highlight.add(r));
    CSS.highlights.set(name, highlight);
    return { method: 'highlight', count: ranges.length };
  }
  // Last range first, so that splitting text nodes does not move the ranges still to do.
  const ordered = [...ranges].sort((a, b) => b.compareBoundaryPoints(0 /* START_TO_START */, a));
  ordered.forEach((r) => wrapInMarks(r, level));
  return { method: 'mark', count: ranges.length };
}
