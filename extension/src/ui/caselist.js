// The case log in the popup: search, the saved cases newest first, delete one or all,
// and export as CSV, JSON or a printable report (HTML). Everything goes through the
// background script to the native host; the export is handed to the browser as a file.
const EXPORT_TYPES = { csv: 'text/csv', json: 'application/json', html: 'text/html' };

// Creates an element with a class and text.
function el(doc, tag, className, text) {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Fills container with the case log; send(message) talks to the background script.
export function renderCaseList(doc, container, { t, send }) {
  const search = el(doc, 'input', 'cases-search');
  search.type = 'search';
  search.placeholder = t('cases_search');
  search.setAttribute('aria-label', t('cases_search'));
  const status = el(doc, 'p', 'cases-status');
  status.setAttribute('aria-live', 'polite');
  const list = el(doc, 'ul', 'cases-list');
  const tools = el(doc, 'div', 'cases-tools');

  // Shows the cases that match the search box.
  async function refresh() {
    const reply = await send({ type: 'case-list', query: search.value });
    if (!reply?.ok) {
      list.replaceChildren();
      status.textContent = t('case_save_failed');
      return;
    }
    status.textContent = reply.cases.length ? t('cases_count', String(reply.total)) : t('cases_empty');
    list.replaceChildren(...reply.cases.map((c) => {
      const li = el(doc, 'li', `case level-${c.level}`);
      li.dataset.caseId = String(c.id);
      const head = el(doc, 'div', 'case-head', `${c.saved_at.slice(0, 10)} · ${t(`level_${c.level}`)}`);
      const title = el(doc, 'div', 'case-title', c.title || c.excerpt);
      title.dir = 'auto';
      const remove = el(doc, 'button', 'case-delete link', t('cases_delete'));
      remove.type = 'button';
      remove.addEventListener('click', async () => {
        await send({ type: 'case-delete', caseId: c.id });
        refresh();
      });
      li.append(head, title);
      if (c.note) {
        const note = el(doc, 'div', 'case-note', c.note);
        note.dir = 'auto';
        li.append(note);
      }
      li.append(remove);
      return li;
    }));
  }

  // Asks the host for an export and hands it to the browser as a download.
  async function exportAs(format) {
    const reply = await send({ type: 'case-export', format });
    if (!reply?.ok) {
      status.textContent = t('case_save_failed');
      return;
    }
    const url = URL.createObjectURL(new Blob([reply.content], { type: EXPORT_TYPES[format] }));
    const link = el(doc, 'a');
    link.href = url;
    link.download = `lurewatch-cases.${format}`;
    doc.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  for (const format of Object.keys(EXPORT_TYPES)) {
    const button = el(doc, 'button', 'cases-export', t(`cases_export_${format}`));
    button.type = 'button';
    button.addEventListener('click', () => exportAs(format));
    tools.append(button);
  }
  const removeAll = el(doc, 'button', 'cases-delete-all link', t('cases_delete_all'));
  removeAll.type = 'button';
  removeAll.addEventListener('click', async () => {
    if (!doc.defaultView.confirm(t('cases_delete_all_confirm'))) return;
    await send({ type: 'case-delete', all: true });
    refresh();
  });
  tools.append(removeAll);
  search.addEventListener('input', () => refresh());
  container.replaceChildren(search, status, list, tools);
  return { refresh };
}
