/**
 * The extension APIs for the content scripts, looked up when first used rather than when the
 * script is evaluated (as `wxt/browser` does): the first touch of `chrome` or `browser` builds
 * their bindings in the ISOLATED world, which at document_start would delay the page's own
 * scripts. Each build knows which it has: Firefox's `browser`, Chromium's `chrome`. Both are the
 * content script's own globals; what the page's markup names `browser` (`<form id="browser">`, an
 * `<iframe name="browser">`) is never taken for them.
 */
import type { browser } from 'wxt/browser';

type ExtensionApi = typeof browser;
let api: ExtensionApi | undefined;

export function extensionApi(): ExtensionApi {
  const scope = globalThis as { browser?: ExtensionApi; chrome?: ExtensionApi };
  return (api ??= (import.meta.env.FIREFOX ? scope.browser : scope.chrome)!);
}
