/** The API's one bearer key: generated on first enable, shown once, stored only as a SHA-256 hash. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { OutpostError } from '@contract';

const KEY_PREFIX = 'op-';
const SHOWN_PREFIX_CHARS = 10;
const MIN_CHOSEN_KEY_CHARS = 16;

export interface ApiKeyInfo {
  prefix: string;
  createdAt: number;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export class ApiKeyStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  info(): ApiKeyInfo | null {
    const row = this.db.prepare('SELECT key_prefix, created_at FROM api_keys WHERE id = 1').get() as
      { key_prefix: string; created_at: number } | undefined;
    return row ? { prefix: row.key_prefix, createdAt: row.created_at } : null;
  }

  /** Makes a new key (replacing any old one) and returns it in clear text: the only time it exists as such. */
  rotate(): string {
    // 256 bits of randomness: a key can't be guessed within any rate limit.
    const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    this.store(key);
    return key;
  }

  /** Takes a key the operator chose (`--serve` with OUTPOST_API_KEY); too short a key could be guessed. */
  set(key: string): void {
    if (key.length < MIN_CHOSEN_KEY_CHARS) {
      throw new OutpostError('bad_request', `An API key must be at least ${MIN_CHOSEN_KEY_CHARS} characters`);
    }
    if (!this.verify(key)) this.store(key);
  }

  private store(key: string): void {
    this.db
      .prepare(
        `INSERT INTO api_keys (id, key_hash, key_prefix, created_at) VALUES (1, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET key_hash = excluded.key_hash, key_prefix = excluded.key_prefix,
           created_at = excluded.created_at`,
      )
      .run(sha256(key).toString('hex'), key.slice(0, SHOWN_PREFIX_CHARS), this.now());
  }

  /** Constant-time comparison of hashes, so timing reveals nothing about the stored key. */
  verify(candidate: string): boolean {
    const row = this.db.prepare('SELECT key_hash FROM api_keys WHERE id = 1').get() as { key_hash: string } | undefined;
    if (!row) return false;
    return timingSafeEqual(sha256(candidate), Buffer.from(row.key_hash, 'hex'));
  }
}
