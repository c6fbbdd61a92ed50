// "Save to case log" under a report (the in-page panel and the popup): an optional note
// and a button. The case (the item as captured, its result, where and when it was seen,
// the note) goes through the background script to the native host, which keeps it on
// this computer.
const NOTE_MAX = 2000;

// Builds the form; send(message) delivers a message to the background script.
export function saveCaseForm(doc, { t, item, result, url, send }) {
  const seenAt = new Date().toISOString();
  const form = doc.createElement('div');
  form.className = 'lw-save';
  form.setAttribute('data-lurewatch', 'save-case');
  const label = doc.createElement('label');
  label.className = 'lw-note';
  label.textContent = t('case_note');
  const note = doc.createElement('textarea');
  note.rows = 2;
  note.maxLength = NOTE_MAX;
  label.append(note);
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'lw-save-button';
  button.textContent = t('case_save');
  const status = doc.createElement('p');
  status.className = 'lw-save-status';
  status.setAttribute('aria-live', 'polite');
  button.addEventListener('click', async () => {
    button.disabled = true;
    let reply;
    try {
      reply = await send({ type: 'case-save', item, result, url: url ?? '', seenAt, note: note.value.trim() });
    } catch {
      reply = null;
    }
    status.textContent = reply?.ok ? t('case_saved') : t('case_save_failed');
    button.disabled = Boolean(reply?.ok);
  });
  form.append(label, button, status);
  return form;
}
