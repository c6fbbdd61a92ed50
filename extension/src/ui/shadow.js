// Attaches a closed shadow root with its own styles to a host element, so that neither
// the page's CSS nor its scripts reach the extension's UI. adoptedStyleSheets can fail
// in Firefox content scripts, so a <style> element is the fallback.
export function styledShadow(host, css) {
  const root = host.attachShadow({ mode: 'closed' });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = host.ownerDocument.createElement('style');
    style.textContent = css;
    root.append(style);
  }
  return root;
}
