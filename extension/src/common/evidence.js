// Returns the original characters of an evidence span (docs/protocol.md: offsets are
// UTF-16 code units of the field as sent, so String.slice gives the excerpt), or the
// host's own excerpt when the field is not one of the item's strings.
export function evidenceText(item, ev) {
  const field = ev.field === 'title' ? item.title
    : ev.field === 'text' ? item.text
      : ev.field?.startsWith('fields.') ? item.fields?.[ev.field.slice(7)] : undefined;
  return typeof field === 'string' ? field.slice(ev.start, ev.end) : (ev.excerpt ?? '');
}
