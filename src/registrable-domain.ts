/**
 * A registrable domain (eTLD+1): the site a frame's spans are counted under in the store, and
 * what makes a request first-party in the viewer. The unit a page's owner controls. `a.evil.example` and `b.evil.example` are one site, so a page cannot get more
 * storage by spreading over subdomains. The public-suffix list comes from `tldts` (kept in step
 * with publicsuffix.org), with its private section on, as browsers use it for site isolation:
 * `alice.github.io` and `bob.github.io` are two sites, not one.
 *
 * The background's: the list is ~50 KB gzipped, which the content scripts do not carry and the
 * viewer loads only on demand (grouping requests into first and third parties).
 */
import { getDomain, getHostname } from 'tldts';

/**
 * The registrable domain of `origin` (`https://shop.example.co.uk` → `example.co.uk`); the host
 * for IP addresses, `localhost` and other names without a public suffix; `origin` itself when it
 * has no host (an opaque origin).
 */
export function siteOfOrigin(origin: string): string {
  const host = getHostname(origin);
  if (!host) return origin;
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}
