/**
 * The extension APIs for the content scripts, looked up when first used rather than when the
 * script is evaluated (as `wxt/browser` does): the first touch of `chrome` or `browser` builds
 * their bindings in the ISOLATED world, which at document_start would delay the page's own
 * scripts. The same lookup as `wxt/browser`'s: Firefox's `browser`, else Chromium's `chrome`.
 */
import type { browser } from 'wxt/browser';

type ExtensionApi = typeof browser;
let api: ExtensionApi | undefined;

export function extensionApi(): ExtensionApi {
  const scope = globalThis as { browser?: ExtensionApi; chrome?: ExtensionApi };
  return (api ??= scope.browser?.runtime?.id ? scope.browser : scope.chrome!);
}
