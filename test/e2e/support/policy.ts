/**
 * Real browser policy files, as an organization deploys them (docs/deploy.md): Chromium reads
 * /etc/chromium/policies/managed/*.json, Firefox the policies.json in its installation's
 * distribution folder. Both are system folders: writing them needs root, as the CI machine is.
 * Each install returns its own removal, which the test calls in `finally`.
 */
import { access, mkdir, realpath, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BrowserName } from './extension';
import { FIREFOX } from './firefox';

/** The ids policies name (the manifest `key` of unpacked Chromium builds; the Firefox add-on id). */
export const EXTENSION_IDS: Record<BrowserName, string> = {
  chromium: 'mcmfbhkokijmhdicddokflofeldcdphj',
  firefox: 'spanlight@spanlight.dev',
};

const CHROMIUM_POLICIES = process.env.CHROMIUM_POLICY_DIR ?? '/etc/chromium/policies/managed';
/** Read before the installation's own by Firefox builds with system policies (Debian's firefox-esr is one). */
const SYSTEM_FIREFOX_POLICIES = '/etc/firefox/policies/policies.json';

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** A policy file written for a test. */
export interface InstalledPolicy {
  /** Writes other settings into the same file. */
  update(settings: unknown): Promise<void>;
  /** Deletes the file (and the folder, if the test created it). */
  remove(): Promise<void>;
}

/** Writes `settings` as the policy for Spanlight in `browser`. */
export async function installPolicy(browser: BrowserName, settings: unknown): Promise<InstalledPolicy> {
  if (process.getuid?.() !== 0) {
    throw new Error('the policy tests write browser policy files into system folders: run the e2e suite as root');
  }
  if (browser === 'chromium') {
    return writePolicy(CHROMIUM_POLICIES, 'spanlight-e2e.json', (s) => ({ '3rdparty': { extensions: { [EXTENSION_IDS.chromium]: s } } }), settings);
  }
  const distribution = join(dirname(await realpath(FIREFOX)), 'distribution');
  // An organization's own policies on this machine are never overwritten; and a system-wide file,
  // which builds like Debian's read first, would hide this one.
  for (const taken of [join(distribution, 'policies.json'), SYSTEM_FIREFOX_POLICIES]) {
    if (await exists(taken)) throw new Error(`${taken} exists already: the policy test will not replace or override it`);
  }
  return writePolicy(distribution, 'policies.json', (s) => ({ policies: { '3rdparty': { Extensions: { [EXTENSION_IDS.firefox]: s } } } }), settings);
}

/** Writes `wrap(settings)` as `name` in `folder` (made if missing, and removed with the file then). */
async function writePolicy(folder: string, name: string, wrap: (settings: unknown) => unknown, settings: unknown): Promise<InstalledPolicy> {
  const created = !(await exists(folder));
  await mkdir(folder, { recursive: true });
  const file = join(folder, name);
  const update = (s: unknown) => writeFile(file, JSON.stringify(wrap(s)));
  await update(settings);
  return {
    update,
    async remove() {
      await rm(file, { force: true });
      if (created) await rm(folder, { recursive: true, force: true });
    },
  };
}
