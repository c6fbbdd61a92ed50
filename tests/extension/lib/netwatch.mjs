// Records every request a Chromium context makes: from web pages, from extension pages
// (popup, options) and from the extension's service worker (Playwright reports worker
// requests on the context), and every WebSocket a page opens. The end-to-end tests
// check the record: the extension must reach nothing but the local fixture server,
// and nothing at all from its own origin (docs/security.md, "No network").
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);
const NETWORK = /^(https?|wss?):$/;

// Starts recording a context; returns the record and a check of it.
export function watchNetwork(context, extensionId) {
  const extOrigin = `chrome-extension://${extensionId}`;
  const seen = [];
  // Who started a request: the service worker's or the frame's address.
  const initiatorOf = (request) => {
    const worker = request.serviceWorker();
    if (worker) return worker.url();
    try {
      return request.frame().url();
    } catch {
      return '';
    }
  };
  context.on('request', (request) => {
    const headers = request.headers();
    seen.push({ url: request.url(), initiator: initiatorOf(request), origin: headers.origin ?? '' });
  });
  const watchPage = (page) => page.on('websocket', (ws) => seen.push({ url: ws.url(), initiator: page.url(), origin: '' }));
  context.pages().forEach(watchPage);
  context.on('page', watchPage);

  return {
    seen,
    // The requests that break the rule: network requests to a host other than the
    // fixture server's, and network requests from the extension's origin.
    violations() {
      const bad = [];
      for (const r of seen) {
        const url = new URL(r.url);
        if (!NETWORK.test(url.protocol)) continue;
        if (!LOCAL_HOSTS.has(url.hostname)) bad.push({ ...r, why: 'not the local fixture server' });
        else if (r.initiator.startsWith(extOrigin) || r.origin === extOrigin) bad.push({ ...r, why: 'from the extension' });
      }
      return bad;
    },
    // How many requests were network requests (http, https, ws, wss) and checked.
    checked: () => seen.filter((r) => NETWORK.test(new URL(r.url).protocol)).length,
  };
}
