/**
 * Where this frame's tracer core runs. Firefox runs WebAssembly in content scripts whatever the
 * page's Content Security Policy, so there the top frame's core runs here. Chromium applies the
 * page's policy to a content script's WebAssembly and reports a refused attempt to the site
 * (`script-src wasm-eval` from `chrome-extension`); a content script cannot read the policy, and
 * reading it from the response headers takes the webRequest permission, with which Chromium
 * routes every request and WebSocket of every page through the extension's proxy (a failed
 * WebSocket then loses its reason in the page's console). So in Chromium the background runs
 * every frame's core: nothing is attempted that a page could see, and no frame pays for
 * compiling the core.
 *
 * A Firefox frame inside another sends its events to the background's core too: each core costs
 * its frame 64 KB of linear memory and a few hundred microseconds to instantiate, which a page
 * of twenty ad frames would pay twenty times, for frames that mostly send a page load and a few
 * resources.
 */

/** Whether this frame's core runs in the content script (else the background runs it). */
export const CORE_IN_CONTENT = import.meta.env.FIREFOX && window.top === window;
