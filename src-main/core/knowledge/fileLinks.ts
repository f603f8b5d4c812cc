/**
 * "Open file" for a citation. Electron opens the local file with the system's app (shell.openPath, passed in
 * as a port); the headless host instead gets a one-time download path, random and short-lived, that its HTTP
 * server redeems (on top of its own loopback + Host checks).
 */
import { randomBytes } from 'node:crypto';

export type OpenPath = (file: string) => Promise<void>;

export const DOWNLOAD_PREFIX = '/knowledge-file/';
const TTL_MS = 5 * 60_000;

export class FileLinks {
  private readonly links = new Map<string, { path: string; expires: number }>();

  constructor(private readonly now: () => number) {}

  issue(file: string): string {
    this.prune();
    const token = randomBytes(24).toString('hex');
    this.links.set(token, { path: file, expires: this.now() + TTL_MS });
    return `${DOWNLOAD_PREFIX}${token}`;
  }

  /** The file behind a download path, once; null when unknown, used or expired. */
  redeem(urlPath: string): string | null {
    if (!urlPath.startsWith(DOWNLOAD_PREFIX)) return null;
    const token = urlPath.slice(DOWNLOAD_PREFIX.length);
    const link = this.links.get(token);
    this.links.delete(token);
    return link && link.expires > this.now() ? link.path : null;
  }

  private prune(): void {
    const now = this.now();
    for (const [token, link] of this.links) if (link.expires <= now) this.links.delete(token);
  }
}
