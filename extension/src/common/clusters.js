// Groups of comments that the host found acting together (docs/protocol.md, "Threads":
// the `clusters` of astroturf indicators), turned into short sentences: for each comment,
// why it belongs to a group ("nearly identical to 3 other comments by other accounts
// within 3 minutes"), and for the panel, which comments form each group.

// The signals that mark a comment inline. The weak ones (new accounts, digit handles)
// only ever come with one of these, so they add nothing next to a comment.
const MARKED = new Set(['near_duplicate', 'contact_reuse', 'burst', 'seen_elsewhere']);

// A duration in the user's language ("3 minutes", "3 минуты"), in the largest unit that
// keeps it a whole-ish number; English when the browser lacks the language.
export function durationText(seconds, lang) {
  const units = [['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
  const [unit, size] = units.find(([, s]) => seconds >= 2 * s) ?? ['second', 1];
  const value = Math.round(seconds / size);
  for (const tag of [lang.replace('_', '-'), 'en']) {
    try {
      return new Intl.NumberFormat(tag, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
    } catch {
      // An interface language the browser's Intl does not know: try English.
    }
  }
  return `${value} ${unit}s`;
}

// One sentence about a comment's place in a group.
function clusterSentence(cluster, t, lang) {
  const span = Number.isFinite(cluster.span_seconds) ? durationText(cluster.span_seconds, lang) : '';
  switch (cluster.signal) {
    case 'near_duplicate':
      return span ? t('cluster_near_duplicate_span', String(cluster.size - 1), span)
        : t('cluster_near_duplicate', String(cluster.size - 1));
    case 'contact_reuse':
      return t('cluster_contact', String(Math.max(cluster.distinct_authors - 1, 1)));
    case 'burst':
      return span ? t('cluster_burst', String(cluster.size), span) : '';
    default:
      return t('cluster_seen');
  }
}

// The clusters of all of a result's indicators. One group of comments can appear under
// several indicators (DUP_TEXT and BURST_TIMING, say), each time with its own signal.
export function resultClusters(result) {
  return (result?.indicators ?? []).flatMap((ind) => ind.clusters ?? []);
}

// For each comment index in a marked group, the sentences saying why: Map<index, string[]>.
export function commentNotes(result, t, lang) {
  const notes = new Map();
  for (const cluster of resultClusters(result)) {
    if (!MARKED.has(cluster.signal)) continue;
    const sentence = clusterSentence(cluster, t, lang);
    if (!sentence) continue;
    for (const index of new Set(cluster.comments ?? [])) {
      if (!Number.isInteger(index) || index < 0) continue;
      const list = notes.get(index) ?? [];
      if (!list.includes(sentence)) list.push(sentence);
      notes.set(index, list);
    }
  }
  return notes;
}
