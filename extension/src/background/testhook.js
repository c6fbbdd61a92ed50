// Test builds replace this file with tests/extension/hooks/background-testhook.js (see
// build.mjs), which adds message handlers used only by the tests. In the extension
// there are none.
export function testHandlers() {
  return {};
}
