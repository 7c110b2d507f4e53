/** Removes secrets from URLs before anything is stored or sent. */

/** Query parameter names whose values are replaced (matched anywhere in the name). */
const SECRET_NAME = /token|key|secret|passw|auth|session|code|sig|credential/i;

export const REDACTED = 'REDACTED';

/**
 * `url` with the values of secret-looking query parameters (and of such `name=value` pairs in
 * the fragment, as OAuth's `#access_token=`) replaced by REDACTED, and userinfo removed.
 * A string that is not an absolute URL is returned unchanged.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username || parsed.password) {
    parsed.username = '';
    parsed.password = '';
  }
  parsed.search = redactPairs(parsed.search.slice(1), '?');
  if (parsed.hash.includes('=')) parsed.hash = redactPairs(parsed.hash.slice(1), '#');
  return parsed.href;
}

function redactPairs(text: string, prefix: string): string {
  if (!text) return '';
  const pairs = text.split('&').map((pair) => {
    const at = pair.indexOf('=');
    if (at < 0) return pair;
    let name = pair.slice(0, at);
    try {
      name = decodeURIComponent(name);
    } catch {
      // keep the raw name: a malformed escape is still a name to test
    }
    return SECRET_NAME.test(name) ? `${pair.slice(0, at)}=${REDACTED}` : pair;
  });
  return prefix + pairs.join('&');
}
