// The bridge: checks what the page side captured, makes spans, hands them to the background.
// An ISOLATED-world content script, listed in the manifest by wxt.config.ts. It is built as an
// unlisted script rather than a WXT content script so it carries no ContentScriptContext: that
// adds ~1.3 KB gzip to every page and dispatches a DOM event, named with the extension id, that
// the page could see.
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startBridge } from '../src/bridge/bridge';

export default defineUnlistedScript(() => startBridge(new AbortController().signal));
