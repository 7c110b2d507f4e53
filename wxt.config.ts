import { existsSync } from 'node:fs';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { mainWorld } from './scripts/main-world';
import { managedSchema } from './src/managed-schema';

/** `npm run dev` opens Chrome, or Debian's Chromium where Chrome is not installed. */
function chromeBinary(): Record<string, string> {
  const chrome = ['/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'].find(existsSync);
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
  const firefox = ['/usr/bin/firefox', '/usr/bin/firefox-esr'].find(existsSync);
  return {
    ...(!chrome && chromium ? { chrome: chromium } : {}),
    ...(firefox ? { firefox } : {}),
  };
}

/**
 * Chromium refuses to run as root without --no-sandbox, and with no display it can only run
 * headless (containers, CI machines); a developer's desktop gets neither flag.
 */
function chromiumArgs(): string[] {
  const args: string[] = [];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) args.push('--headless=new');
  return args;
}

// 'wasm-unsafe-eval' lets the background run the tracer core for pages whose CSP refuses it in
// the content script. Nothing else is relaxed.
const EXTENSION_CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'";

/**
 * The public half of the key that fixes the id of unpacked Chromium builds at
 * mcmfbhkokijmhdicddokflofeldcdphj, so a browser policy can name it (docs/deploy.md). Nothing is
 * signed with it: Spanlight ships no .crx, and the private half was not kept. The Chrome Web Store
 * assigns its listing its own key, so the store zip (`npm run zip`, mode `store`) leaves it out.
 */
const CHROMIUM_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAsDyoLUXZ5snlqrWcbuoc7ZGuZwOqvVDIQA4UUncT07RekzbL9J2H9gplEuOECM5v0jKTJE6Ptwt4mZ6vxM1ZPxPoxw5P02sgi71h2eBGSf6qj4GQbcx0EgaUlkLnlOHEYTK4OMnntEtJzc+Gl1AXnuXfvyPUTe56e92c4ZNBDJ4LoreTfkJbfnFP8DgELXbRCh8sPo9j/GIk08k40mZFZ1tVosOAp4LQ0WQj6eo0/M6xzvrTYCit5AcjTknkEyWdPdD5vOM1IZkE0++0Oays8QMCgX/+MP/xSmbvAapfXpHnRorvpv6F0sXhj83ie867NOBY3wMprA8eTuqvXvbjkwIDAQAB';
/** Where Chromium finds the schema of the settings an organization may set (src/managed-schema.ts). */
const MANAGED_SCHEMA = 'managed_schema.json';

export default defineConfig({
  // Every module imports what it uses; auto-imports would also make components' exports (such as
  // the UI's `db`) globals in every file, tests included.
  imports: false,
  // Terser (three passes) over esbuild's minifier: ~7 % less gzip for what every page carries,
  // which keeps the page side within its 20 KB budget (scripts/check-size.mjs).
  vite: () => ({
    plugins: [preact(), ...mainWorld()],
    build: { minify: 'terser', terserOptions: { ecma: 2020, compress: { passes: 3 } } },
  }),
  manifest: ({ browser, manifestVersion, mode }) => ({
    name: 'Spanlight',
    description: 'Traces every page you open as OpenTelemetry spans: kept locally, sent to your collector.',
    // webRequest: required in Firefox, asked for from the options page in Chromium (src/network-access.ts says why).
    permissions: ['storage', 'unlimitedStorage', 'alarms', ...(browser === 'firefox' ? ['webRequest'] : [])],
    ...(browser === 'firefox' ? {} : { optional_permissions: ['webRequest'] }),
    host_permissions: ['<all_urls>'],
    content_security_policy:
      manifestVersion === 3 ? { extension_pages: EXTENSION_CSP } : (EXTENSION_CSP as unknown as undefined),
    // Settings by browser policy: Chromium needs their schema; Firefox reads none (src/managed-settings.ts checks them).
    ...(browser !== 'firefox' ? { storage: { managed_schema: MANAGED_SCHEMA }, ...(mode === 'store' ? {} : { key: CHROMIUM_KEY }) } : {}),
    // Firefox 128 runs MAIN-world content scripts from the manifest; 140 (an ESR) adds data consent.
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'spanlight@spanlight.dev',
              strict_min_version: '140.0',
              // Nothing is collected for us; export to the user's collector asks first (src/data-consent.ts).
              data_collection_permissions: {
                required: ['none'],
                optional: ['browsingActivity', 'websiteActivity', 'websiteContent'],
              },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
  hooks: {
    'build:publicAssets': (wxt, files) => {
      if (wxt.config.browser !== 'firefox') files.push({ relativeDest: MANAGED_SCHEMA, contents: `${JSON.stringify(managedSchema(), null, 2)}\n` });
    },
    // The bridge (entrypoints/bridge.ts) runs in every frame's ISOLATED world at document_start,
    // listed before the MAIN-world capture script as WXT would list a content script.
    'build:manifestGenerated': (_wxt, manifest) => {
      manifest.content_scripts = [
        { matches: ['<all_urls>'], run_at: 'document_start', all_frames: true, js: ['bridge.js'] },
        ...(manifest.content_scripts ?? []),
      ];
    },
  },
  // The sources zip is what Firefox reviewers rebuild from: code and README, no test artifacts.
  zip: { excludeSources: ['test-results/**', 'build/**', 'coverage/**'] },
  webExt: {
    binaries: chromeBinary(),
    chromiumArgs: chromiumArgs(),
    startUrls: ['https://example.com/'],
  },
});
