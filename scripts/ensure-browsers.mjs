// Makes sure the browsers the e2e suite drives are installed: Debian's packages, never a
// downloaded build. As root with apt it installs what is missing; otherwise it says what to install.
// Usage: node scripts/ensure-browsers.mjs chromium [firefox]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const BROWSERS = {
  chromium: { binary: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', packages: ['chromium'] },
  firefox: { binary: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', packages: ['firefox-esr'] },
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !BROWSERS[name]);
if (!wanted.length || unknown.length) {
  console.error(`usage: node scripts/ensure-browsers.mjs ${Object.keys(BROWSERS).join('|')} ...`);
  process.exit(2);
}
const missing = wanted.filter((name) => !existsSync(BROWSERS[name].binary));
if (!missing.length) process.exit(0);

const packages = missing.flatMap((name) => BROWSERS[name].packages);
const isRoot = process.getuid?.() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (!isRoot || !hasApt) {
  console.error(
    `The e2e tests need ${missing.map((n) => BROWSERS[n].binary).join(' and ')}.\n` +
      `Install Debian's package${packages.length > 1 ? 's' : ''}: sudo apt-get install ${packages.join(' ')}\n` +
      'or point CHROMIUM_PATH / FIREFOX_PATH at an installed binary.',
  );
  process.exit(1);
}
console.log(`Installing ${packages.join(' ')} from Debian's packages...`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
for (const name of missing) {
  if (!existsSync(BROWSERS[name].binary)) {
    console.error(`${BROWSERS[name].binary} is still missing after installing ${BROWSERS[name].packages.join(' ')}.`);
    process.exit(1);
  }
}
