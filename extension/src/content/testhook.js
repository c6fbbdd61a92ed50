// Test builds replace this file with tests/extension/hooks/content-testhook.js (see
// build.mjs), which reports each scan to the local test server. In the extension it
// does nothing.
export function afterScan() {}
