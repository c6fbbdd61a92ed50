// Returns the original characters of an evidence span (docs/protocol.md: offsets are
// UTF-16 code units of the field as sent, so String.slice gives the excerpt), or the
// host's own excerpt when the field is not one of the item's strings. Comments of a thread
// are fields "comments.N.text".
export function evidenceText(item, ev) {
  const comment = /^comments\.(\d+)\.text$/.exec(ev.field ?? '');
  const field = ev.field === 'title' ? item.title
    : ev.field === 'text' ? item.text
      : ev.field?.startsWith('fields.') ? item.fields?.[ev.field.slice(7)]
        : comment ? item.comments?.[Number(comment[1])]?.text : undefined;
  return typeof field === 'string' ? field.slice(ev.start, ev.end) : (ev.excerpt ?? '');
}
