import { spawnSync } from 'node:child_process';

/** Why the offline e2e cannot run here (it needs root for `unshare -n`, plus ip and strace), or null. */
export function offlinePreflight(): string | null {
  if (process.getuid?.() !== 0) return 'must run as root (unshare -n needs CAP_SYS_ADMIN)';
  for (const tool of ['unshare', 'ip', 'strace']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  }
  const probe = spawnSync('unshare', ['-n', '--', 'ip', 'link', 'set', 'lo', 'up'], { encoding: 'utf8' });
  if (probe.status !== 0) return `unshare -n is refused here: ${probe.stderr.trim()}`;
  return null;
}
