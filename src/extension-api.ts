/**
 * The extension APIs for the content scripts, looked up when first used rather than when the
 * script is evaluated (as `wxt/browser` does): the first touch of `chrome` or `browser` builds
 * their bindings in the ISOLATED world, which at document_start would delay the page's own
 * scripts. The same lookup as `wxt/browser`'s: Firefox's `browser`, else Chromium's `chrome`.
 */
import type { browser } from 'wxt/browser';

type ExtensionApi = typeof browser;
let api: ExtensionApi | undefined;

/**
 * Whether `value` is the extension API rather than what the page's markup put there: Chromium
 * has no `browser` of its own, so `window.browser` in its content scripts is whatever the page
 * names so (`<form id="browser"><input name="runtime" id="x">` makes `browser.runtime.id` 'x';
 * an `<iframe name="browser">` of another origin throws as it is read), and, looked up once the
 * page's markup is in, would stop the bridge. None of those has a function for `getURL`.
 */
function isApi(value: unknown): value is ExtensionApi {
  try {
    return typeof (value as ExtensionApi | undefined)?.runtime?.getURL === 'function';
  } catch {
    return false;
  }
}

/** `browser` in Firefox, `chrome` in Chromium; found at the first call. */
export function extensionApi(): ExtensionApi {
  const scope = globalThis as { browser?: unknown; chrome?: ExtensionApi };
  return (api ??= isApi(scope.browser) ? scope.browser : scope.chrome!);
}
