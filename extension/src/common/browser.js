// The WebExtension API object: `browser` in Firefox, `chrome` in Chromium-family browsers.
// Both return promises from their async functions in Manifest V3.
export const ext = globalThis.browser ?? globalThis.chrome;
