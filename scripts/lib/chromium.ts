import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

function playwrightHasOwnBrowser(): boolean {
  const result = spawnSync(
    process.execPath,
    ['-e', "console.log(require('playwright-core').chromium.executablePath())"],
    {
      encoding: 'utf8',
    },
  );
  const file = result.stdout.trim();
  return result.status === 0 && file !== '' && fs.existsSync(file);
}

/**
 * e2e needs a Chromium. Playwright can't download its own here, so on Debian-like machines where we
 * are root, install Debian's package (what `.ci/run` does too); elsewhere explain what to do.
 */
export function ensureChromium(): string | null {
  if (process.env.OUTPOST_CHROMIUM && fs.existsSync(process.env.OUTPOST_CHROMIUM)) return null;
  if (fs.existsSync(DEBIAN_CHROMIUM) || playwrightHasOwnBrowser()) return null;
  const canApt = process.platform === 'linux' && process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get');
  if (!canApt) {
    return 'No Chromium for the e2e tests: install Debian/Ubuntu `chromium`, run `npx playwright install chromium`, or set OUTPOST_CHROMIUM.';
  }
  console.log('Chromium missing: installing Debian package `chromium` for the e2e tests...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'chromium'],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) return `apt-get ${args.join(' ')} failed (exit ${result.status})`;
  }
  return fs.existsSync(DEBIAN_CHROMIUM) ? null : 'chromium package installed but /usr/bin/chromium is missing';
}
