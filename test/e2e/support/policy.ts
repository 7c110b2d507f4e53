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

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Writes `settings` as the policy for Spanlight in `browser`; resolves to the function that removes it. */
export async function installPolicy(browser: BrowserName, settings: unknown): Promise<() => Promise<void>> {
  if (process.getuid?.() !== 0) {
    throw new Error('the policy tests write browser policy files into system folders: run the e2e suite as root');
  }
  if (browser === 'chromium') {
    const created = !(await exists(CHROMIUM_POLICIES));
    await mkdir(CHROMIUM_POLICIES, { recursive: true });
    const file = join(CHROMIUM_POLICIES, 'spanlight-e2e.json');
    await writeFile(file, JSON.stringify({ '3rdparty': { extensions: { [EXTENSION_IDS.chromium]: settings } } }));
    return async () => {
      await rm(file, { force: true });
      if (created) await rm(CHROMIUM_POLICIES, { recursive: true, force: true });
    };
  }
  const distribution = join(dirname(await realpath(FIREFOX)), 'distribution');
  const file = join(distribution, 'policies.json');
  // An organization's own policies on this machine are never overwritten.
  if (await exists(file)) throw new Error(`${file} exists already: the policy test will not replace it`);
  const created = !(await exists(distribution));
  await mkdir(distribution, { recursive: true });
  await writeFile(file, JSON.stringify({ policies: { '3rdparty': { Extensions: { [EXTENSION_IDS.firefox]: settings } } } }));
  return async () => {
    await rm(file, { force: true });
    if (created) await rm(distribution, { recursive: true, force: true });
  };
}
