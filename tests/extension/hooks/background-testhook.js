import { ext } from '../common/browser.js';

// TEST BUILD ONLY (build.mjs --test puts this in place of src/background/testhook.js).
// Captures the visible tab of the sender so that Firefox tests, which cannot drive the
// browser, still get screenshots.
export function testHandlers() {
  return {
    'test-capture': async (msg, sender) => ({
      dataUrl: await ext.tabs.captureVisibleTab(sender.tab.windowId, { format: 'png' }),
    }),
  };
}
