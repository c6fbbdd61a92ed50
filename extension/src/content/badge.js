import { styledShadow } from '../ui/shadow.js';

// The small badge beside a flagged item. It lives in its own inline-block host with a
// closed shadow root, so it neither takes the page's styles nor changes its layout.
const BADGE_CSS = `
button { all: initial; cursor: pointer; display: inline-flex; align-items: center; gap: .3em;
  font: 600 12px/1.2 system-ui, "Noto Sans", sans-serif; padding: .2em .55em; border-radius: 999px;
  color: #fff; background: #9a5b00; white-space: nowrap; }
button.high { background: #b3261e; }
button.low { background: #36618e; }
button:focus-visible { outline: 2px solid #1b1b1f; outline-offset: 2px; }
`;

// Adds a badge for a result next to the capture's anchor; clicking it calls onOpen.
export function addBadge(capture, result, t, onOpen) {
  const doc = capture.root.ownerDocument;
  const host = doc.createElement('span');
  host.setAttribute('data-lurewatch', 'badge');
  host.setAttribute('data-level', result.level);
  host.style.cssText = 'all: initial; display: inline-block; vertical-align: middle; margin: 0 .4em;';
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = result.level;
  button.textContent = `⚠ ${t(`level_${result.level}`)}`;
  button.title = result.partial ? `${t('badge_hint')} ${t('report_partial')}` : t('badge_hint');
  button.addEventListener('click', (event) => {
    event.preventDefault();
    event.stopPropagation();
    onOpen();
  });
  styledShadow(host, BADGE_CSS).append(button);
  if (capture.anchor === capture.root) capture.root.prepend(host);
  else capture.anchor.append(host);
  return host;
}
