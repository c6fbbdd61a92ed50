// Watches the page for new content (endless feeds, single-page apps) with one
// MutationObserver, and calls `onChange` at most once per `delay` ms while the page
// keeps changing. Mutations made only by lurewatch's own elements are ignored.
export function watchPage(doc, onChange, delay = 500) {
  let timer = 0;
  const ours = (node) => node.nodeType === 1
    && (node.hasAttribute('data-lurewatch') || node.classList.contains('lurewatch-mark'));
  const observer = new MutationObserver((records) => {
    const relevant = records.some((r) => [...r.addedNodes].some((n) => !ours(n)));
    if (!relevant || timer) return;
    timer = setTimeout(() => {
      timer = 0;
      onChange();
    }, delay);
  });
  observer.observe(doc.body ?? doc.documentElement, { childList: true, subtree: true });
  return observer;
}
