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

// One indicator: title, why, what to do, and its evidence excerpts (duplicates once).
function indicatorSection(doc, ind, item, t) {
  const section = el(doc, 'section', 'lw-indicator');
  section.append(autoDir(el(doc, 'h3', '', ind.title ?? ind.id)));
  if (ind.why) section.append(labelled(doc, t('ind_why'), ind.why));
  if (ind.advice) section.append(labelled(doc, t('ind_advice'), ind.advice));
  const excerpts = [...new Set((ind.evidence ?? []).map((ev) => evidenceText(item, ev).trim()).filter(Boolean))];
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
  if (count === 0) {
    report.append(el(doc, 'p', 'lw-intro', t('report_none')));
    return report;
  }
  report.append(el(doc, 'p', 'lw-intro', t('report_intro')));
  result.indicators.forEach((ind) => report.append(indicatorSection(doc, ind, item, t)));
  report.append(helpSection(doc, country, t));
  return report;
}
