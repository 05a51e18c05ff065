/**
 * The browser the page tests drive: Debian's Chromium (no browser download: tests run where
 * only package registries are reachable). Found on PATH; installed with apt when missing and
 * running as root; otherwise the tests are told how to get one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  return CANDIDATES.find((p) => existsSync(p));
}

/** The path of a Chromium to drive, installing Debian's package when it can. */
export function ensureChromium(): string | undefined {
  const found = findChromium();
  if (found) return found;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('Installing Chromium for the page tests (apt-get install chromium, under a minute)');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (install.status === 0) return findChromium();
  }
  console.warn('No Chromium for the page tests: install one (Debian: apt-get install chromium) or set CHROMIUM_PATH.');
  return undefined;
}
