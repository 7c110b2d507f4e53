// Page side: runs in the page's own world (every frame's) before any page script, to record what the page does.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { startCapture } from '../src/capture';

export default defineContentScript({
  matches: ['<all_urls>'],
  world: 'MAIN',
  allFrames: true,
  runAt: 'document_start',
  globalName: false,
  main: () => {
    try {
      startCapture(new AbortController().signal);
    } catch {
      // A platform this page side cannot run on: it stays out of the way, with nothing logged.
    }
  },
});
