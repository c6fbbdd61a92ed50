import { ext } from '../common/browser.js';
import { renderReport } from '../ui/report.js';
import { saveCaseForm } from '../ui/savecase.js';
import { styledShadow } from '../ui/shadow.js';
import { REPORT_CSS } from '../ui/styles.js';

// The warning panel: one per page, fixed at the side of the window, in a closed shadow
// root. It lists the indicators of the item whose badge was clicked.
const PANEL_CSS = `${REPORT_CSS}
.lw-panel { position: fixed; top: 12px; inset-inline-end: 12px; z-index: 2147483647;
  width: min(420px, calc(100vw - 24px)); max-height: calc(100vh - 24px); overflow: auto;
  box-sizing: border-box; background: #fff; border: 1px solid #c4c4cc; border-radius: 10px;
  box-shadow: 0 6px 24px rgba(0,0,0,.25); padding: 12px 14px; }
.lw-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; margin-bottom: 6px; }
.lw-head h2 { font-size: 15px; margin: 0; }
.lw-close { all: initial; cursor: pointer; font: 20px/1 system-ui, sans-serif; padding: 2px 6px; color: #333; }
.lw-close:focus-visible { outline: 2px solid #1b1b1f; }
.lw-save { border-top: 1px solid #d9d9e0; margin-top: 10px; padding-top: 8px; }
.lw-note { display: block; font-size: 13px; color: #4a4a55; }
.lw-note textarea { display: block; box-sizing: border-box; width: 100%; font: inherit; margin: 4px 0 6px; }
.lw-save-button { font: inherit; padding: 5px 12px; border-radius: 6px; border: 1px solid #8a8a99; background: #fff; cursor: pointer; }
.lw-save-status { font-size: 13px; margin: 6px 0 0; }
`;

// Creates the page's panel (hidden until opened) and returns open/close functions.
export function createPanel(doc, { t, lang, dir, country }) {
  let host = null;
  let body = null;
  let box = null;

  // Builds the host and its shadow tree on first use.
  const ensure = () => {
    if (host?.isConnected) return;
    host = doc.createElement('div');
    host.setAttribute('data-lurewatch', 'panel');
    host.style.cssText = 'all: initial;';
    host.dir = dir;
    host.lang = lang.replace('_', '-');
    const root = styledShadow(host, PANEL_CSS);
    box = doc.createElement('div');
    box.className = 'lw-panel';
    box.setAttribute('role', 'dialog');
    box.setAttribute('lang', lang.replace('_', '-'));
    box.dir = dir;
    const head = doc.createElement('div');
    head.className = 'lw-head';
    const title = doc.createElement('h2');
    title.textContent = t('panel_title');
    const close = doc.createElement('button');
    close.className = 'lw-close';
    close.type = 'button';
    close.textContent = '×';
    close.title = t('panel_close');
    close.setAttribute('aria-label', t('panel_close'));
    close.addEventListener('click', () => { host.hidden = true; });
    head.append(title, close);
    body = doc.createElement('div');
    box.append(head, body);
    box.setAttribute('aria-label', t('panel_title'));
    root.append(box);
    box.addEventListener('keydown', (e) => { if (e.key === 'Escape') host.hidden = true; });
    doc.documentElement.append(host);
  };

  return {
    // Shows the report for one capture and its result.
    open(capture, result) {
      ensure();
      const url = capture.item.url ?? doc.location.href;
      const send = (message) => ext.runtime.sendMessage(message);
      body.replaceChildren(renderReport(doc, { result, item: capture.item, t, country }),
        saveCaseForm(doc, { t, item: capture.item, result, url, send }));
      host.hidden = false;
      box.scrollTop = 0;
    },
  };
}
