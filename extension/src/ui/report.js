import { evidenceText } from '../common/evidence.js';
import { helpLines } from './help.js';

// Builds the warning report for one analysed item: the level, each indicator with why it
// matters, what to do and the words that raised it, then where to get help. Every piece
// of text goes in through textContent: page text and host text are never parsed as HTML.

// Creates an element with a class and text.
function el(doc, tag, className, text) {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// A paragraph with a bold label followed by text. The text is isolated (<bdi>) because
// the host may answer in English under an Arabic label, and the other way round.
function labelled(doc, label, text) {
  const p = el(doc, 'p');
  p.append(el(doc, 'span', 'lw-label', `${label} `), el(doc, 'bdi', '', text));
  return p;
}

// An element whose direction follows its own text (host or page text in any language).
function autoDir(node) {
  node.dir = 'auto';
  return node;
}

// Comments of a group listed in the panel at most; the rest are counted.
const CLUSTER_LISTED = 8;
// Characters of a comment shown in the list.
const COMMENT_SHOWN = 140;

// The groups of comments behind an astroturf indicator: for each, how many comments by how
// many accounts, then each comment with its author; a group already listed under an
// earlier indicator (shownGroups) is only referred to. Returns the texts listed, so that
// the evidence list does not repeat them.
function clusterLists(doc, ind, item, t, shownGroups) {
  const listed = new Set();
  const nodes = [];
  for (const cluster of ind.clusters ?? []) {
    const indexes = (cluster.comments ?? []).filter((i) => item.comments?.[i]);
    if (indexes.length === 0) continue;
    const group = indexes.join(',');
    indexes.forEach((i) => listed.add((item.comments[i].text ?? '').trim()));
    if (shownGroups.has(group)) {
      nodes.push(el(doc, 'p', '', t('cluster_same', String(cluster.size))));
      continue;
    }
    shownGroups.add(group);
    nodes.push(el(doc, 'p', 'lw-label', t('cluster_list', String(cluster.size), String(cluster.distinct_authors))));
    const list = el(doc, 'ul', 'lw-cluster-list');
    for (const i of indexes.slice(0, CLUSTER_LISTED)) {
      const { text = '', handle, author } = item.comments[i];
      const li = el(doc, 'li');
      li.append(el(doc, 'bdi', 'lw-author', `${handle || author || '?'}: `),
        autoDir(el(doc, 'span', '', text.length > COMMENT_SHOWN ? `${text.slice(0, COMMENT_SHOWN)}…` : text)));
      list.append(li);
    }
    if (indexes.length > CLUSTER_LISTED) list.append(el(doc, 'li', 'lw-more', t('cluster_more', String(indexes.length - CLUSTER_LISTED))));
    nodes.push(list);
  }
  return { nodes, listed };
}

// One indicator: title, why, what to do, the groups of comments behind it, and its
// evidence excerpts (duplicates once, and not those the groups already list).
function indicatorSection(doc, ind, item, t, shownGroups) {
  const section = el(doc, 'section', 'lw-indicator');
  section.append(autoDir(el(doc, 'h3', '', ind.title ?? ind.id)));
  if (ind.why) section.append(labelled(doc, t('ind_why'), ind.why));
  if (ind.advice) section.append(labelled(doc, t('ind_advice'), ind.advice));
  const clusters = clusterLists(doc, ind, item, t, shownGroups);
  section.append(...clusters.nodes);
  const excerpts = [...new Set((ind.evidence ?? []).map((ev) => evidenceText(item, ev).trim()).filter(Boolean))]
    .filter((x) => !clusters.listed.has(x));
  if (excerpts.length > 0) {
    section.append(el(doc, 'p', 'lw-label', t('ind_evidence')));
    const list = el(doc, 'ul', 'lw-evidence');
    excerpts.forEach((x) => list.append(autoDir(el(doc, 'li', '', x))));
    section.append(list);
  }
  return section;
}

// The help lines for the user's country and for everywhere.
export function helpSection(doc, country, t) {
  const section = el(doc, 'section', 'lw-help');
  section.append(el(doc, 'h3', '', t('help_title')));
  const list = el(doc, 'ul');
  for (const line of helpLines(country)) {
    const li = el(doc, 'li');
    li.append(el(doc, 'span', '', `${line.name}: `), el(doc, 'span', 'lw-contact', line.contact));
    if (line.note) li.append(doc.createTextNode(` (${line.note})`));
    list.append(li);
  }
  section.append(list);
  return section;
}

// The whole report for one result.
export function renderReport(doc, { result, item, t, country }) {
  const report = el(doc, 'div', 'lw-report');
  const count = result.indicators?.length ?? 0;
  report.append(el(doc, 'p', `lw-summary lw-${result.level}`, t('report_summary', t(`level_${result.level}`), String(count))));
  // The host ran out of time for this item (docs/protocol.md, "partial"): say so.
  if (result.partial) report.append(el(doc, 'p', 'lw-intro lw-partial', t('report_partial')));
  if (count === 0) {
    report.append(el(doc, 'p', 'lw-intro', t('report_none')));
    return report;
  }
  report.append(el(doc, 'p', 'lw-intro', t('report_intro')));
  const shownGroups = new Set();
  result.indicators.forEach((ind) => report.append(indicatorSection(doc, ind, item, t, shownGroups)));
  report.append(helpSection(doc, country, t));
  return report;
}
