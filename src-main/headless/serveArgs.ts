/**
 * The `--serve` flags of the headless host: this machine as an inference node for others. The key comes from
 * the environment or a file, never the command line (other users of the machine can read `ps`).
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ServeConfig } from '../core/api/apiService';
import { DEFAULT_ALLOWED_CLIENTS, parseClientAllowList } from '../core/api/clientAllowList';
import { strayServeFlag } from './serveFlags';

export { SERVE_OPTIONS } from './serveFlags';

export const DEFAULT_SERVE_PORT = 47810;
export const API_KEY_ENV = 'OUTPOST_API_KEY';

export interface ServeFlags {
  serve?: boolean;
  listen?: string;
  'api-port'?: string;
  allow?: string[];
  'api-key-file'?: string;
}

/** null when not serving; throws with a message fit for the terminal when a flag is wrong. */
export function serveConfigFrom(flags: ServeFlags, env: NodeJS.ProcessEnv): ServeConfig | null {
  if (!flags.serve) {
    const stray = strayServeFlag(flags);
    if (stray) throw new Error(`--${stray} only applies with --serve`);
    return null;
  }
  const host = flags.listen ?? '0.0.0.0';
  if (isIP(host) === 0) throw new Error(`--listen must be an IP address of this machine (or 0.0.0.0), got "${host}"`);
  const port = flags['api-port'] === undefined ? DEFAULT_SERVE_PORT : Number(flags['api-port']);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`--api-port must be an integer 1-65535, got ${flags['api-port']}`);
  }
  const allow = (flags.allow ?? [])
    .flatMap((a) => a.split(','))
    .map((a) => a.trim())
    .filter(Boolean);
  const entries = allow.length > 0 ? allow : [...DEFAULT_ALLOWED_CLIENTS];
  try {
    parseClientAllowList(entries);
  } catch (error) {
    throw new Error(`--allow: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return { host, port, allow: entries, apiKey: apiKeyFrom(flags['api-key-file'], env) };
}

function apiKeyFrom(file: string | undefined, env: NodeJS.ProcessEnv): string | null {
  if (file !== undefined) {
    const key = readFileSync(file, 'utf8').trim();
    if (!key) throw new Error(`--api-key-file ${file} is empty`);
    return key;
  }
  const key = env[API_KEY_ENV]?.trim();
  return key ? key : null;
}
