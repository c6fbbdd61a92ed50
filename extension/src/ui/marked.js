// Shows a text with the spans of its evidence marked, for "Check a message": the text
// is cut at the evidence offsets (UTF-16 code units, as the host reports them) into
// text nodes and <mark> elements; nothing is parsed as HTML.

// Merges the [start, end) spans of a field's evidence into sorted, non-overlapping spans.
function spans(result, field) {
  const all = (result.indicators ?? []).flatMap((ind) => ind.evidence ?? [])
    .filter((ev) => ev.field === field && ev.end > ev.start)
    .map((ev) => [ev.start, ev.end])
    .sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const [s, e] of all) {
    const last = merged.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

// Returns an element showing `text` with the evidence of `field` marked.
export function markedText(doc, text, result, field = 'text') {
  const box = doc.createElement('div');
  box.className = 'lw-marked';
  let at = 0;
  for (const [s, e] of spans(result, field)) {
    box.append(doc.createTextNode(text.slice(at, s)));
    const mark = doc.createElement('mark');
    mark.textContent = text.slice(s, e);
    box.append(mark);
    at = e;
  }
  box.append(doc.createTextNode(text.slice(at)));
  return box;
}
