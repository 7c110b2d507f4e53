// The bridge: checks what the page side captured, makes spans, hands them to the background.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startBridge } from '../src/bridge/bridge';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  noScriptStartedPostMessage: true,
  main: (ctx) => startBridge(ctx.signal),
});
