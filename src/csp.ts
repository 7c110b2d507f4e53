/**
 * Whether a document's Content Security Policy lets it compile WebAssembly: Chromium applies the
 * page's policy to a content script's WebAssembly too, and a refused attempt sends the site a
 * violation report, so the core's place is decided from the policy, without trying.
 * https://www.w3.org/TR/CSP3/#can-compile-wasm-bytes
 */

/** The directive that governs script (and so WebAssembly) in one policy, as its source list. */
function scriptSources(policy: string): string[] | undefined {
  let fallback: string[] | undefined;
  for (const directive of policy.split(';')) {
    const [name, ...sources] = directive.trim().toLowerCase().split(/[\t\n\f\r ]+/);
    // The first of a repeated directive counts; script-src wins over default-src.
    if (name === 'script-src') return sources;
    if (name === 'default-src') fallback ??= sources;
  }
  return fallback;
}

/**
 * True when any of the policies (header values of Content-Security-Policy or its -Report-Only
 * form, each possibly a comma-separated list) refuses to compile WebAssembly. A report-only
 * policy counts: it would not block, but it would report.
 */
export function refusesWasm(headerValues: readonly string[]): boolean {
  for (const value of headerValues) {
    for (const policy of value.split(',')) {
      const sources = scriptSources(policy);
      if (sources && !sources.includes("'wasm-unsafe-eval'") && !sources.includes("'unsafe-eval'")) return true;
    }
  }
  return false;
}
