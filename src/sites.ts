/**
 * Sites where nothing is captured (the user's deny list, and the popup's "turn off on this
 * site"). A site is a host name and covers its subdomains: `bank.example` also turns capture off
 * on `www.bank.example`. Pure functions, shared by the bridge, the background and the UI.
 */

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The site a user typed, as stored: lowercased, without a scheme, path, port or leading `*.`
 * (`https://*.Bank.example:8443/login` → `bank.example`); undefined when no host name is left.
 */
export function siteOf(input: string): string | undefined {
  let host = input.trim().toLowerCase();
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/[/?#].*$/, '').replace(/:\d*$/, '');
  host = host.replace(/^\*\./, '').replace(/\.$/, '');
  return host.length <= 253 && HOST.test(host) ? host : undefined;
}

/** Why `input` is not a site, or undefined when it is one. */
export function siteProblem(input: string): string | undefined {
  return siteOf(input) ? undefined : `"${input.trim()}" is not a site like bank.example`;
}

/** Whether capture is off on `hostname` (a page's `location.hostname`). */
export function captureOff(hostname: string, sites: readonly string[]): boolean {
  const host = hostname.toLowerCase();
  return sites.some((site) => host === site || host.endsWith(`.${site}`));
}

/** The host name of `url`, or '' for a URL without one (about:blank, data:, a malformed one). */
export function hostOf(url: string | undefined): string {
  try {
    return new URL(url ?? '').hostname;
  } catch {
    return '';
  }
}
