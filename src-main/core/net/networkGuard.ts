/**
 * The one module through which core reaches the network. Every request is judged by networkPolicy,
 * logged (allowed or refused), and refused requests fail with a typed OutpostError before any socket opens.
 */
import { OutpostError } from '@contract';
import type { Clock, Logger } from '../ports';
import { decide, redactUrl, type NetDecision, type NetPurpose } from './networkPolicy';

export interface NetLogEntry {
  at: number;
  url: string;
  purpose: NetPurpose | null;
  allowed: boolean;
  reason: NetDecision['reason'];
}

export interface NetworkGuardOptions {
  /** The real fetch; nothing else in core may hold it. */
  fetchImpl: typeof fetch;
  /** Read on every request, so flipping the setting takes effect immediately. */
  isOffline: () => boolean;
  logger: Logger;
  clock: Clock;
  /** How many recent decisions `recent()` keeps. */
  logSize?: number;
}

const DEFAULT_LOG_SIZE = 200;

function urlOf(input: Parameters<typeof fetch>[0]): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

function refusal(url: string, purpose: NetPurpose | null, decision: NetDecision): OutpostError {
  const target = redactUrl(url);
  const details = { url: target, purpose, reason: decision.reason };
  if (decision.reason === 'offline-mode') {
    const what =
      purpose === 'hf-search'
        ? 'Hugging Face search is'
        : purpose?.startsWith('node-')
          ? `This inference node (${target}) is`
          : 'Downloads are';
    return new OutpostError('offline', `${what} off: offline mode is on (Settings → Privacy)`, details);
  }
  return new OutpostError(
    'unauthorized',
    `Outpost does not make this request (${decision.reason}): ${target}`,
    details,
  );
}

export class NetworkGuard {
  private readonly entries: NetLogEntry[] = [];
  private readonly logSize: number;

  constructor(private readonly options: NetworkGuardOptions) {
    this.logSize = options.logSize ?? DEFAULT_LOG_SIZE;
  }

  /** A fetch that declares why it goes out; hand one to each caller that needs the network. */
  fetchFor(purpose: NetPurpose | null): typeof fetch {
    return (input, init) => {
      const url = urlOf(input);
      const decision = decide(url, purpose, this.options.isOffline());
      this.record(url, purpose, decision);
      if (!decision.allowed) return Promise.reject(refusal(url, purpose, decision));
      return this.options.fetchImpl(input, init);
    };
  }

  /** Recent decisions, oldest first (for tests and for the offline CI check). */
  recent(): readonly NetLogEntry[] {
    return [...this.entries];
  }

  private record(url: string, purpose: NetPurpose | null, decision: NetDecision): void {
    const entry: NetLogEntry = {
      at: this.options.clock.now(),
      url: redactUrl(url),
      purpose,
      allowed: decision.allowed,
      reason: decision.reason,
    };
    this.entries.push(entry);
    if (this.entries.length > this.logSize) this.entries.shift();
    // One greppable message per decision: the offline CI check counts these lines in the host's log.
    const fields = { url: entry.url, purpose, reason: decision.reason };
    if (decision.allowed) this.options.logger.info('network: allowed', fields);
    else this.options.logger.warn('network: refused', fields);
  }
}

/**
 * Makes the process-wide `fetch` go through the guard as an unattributed caller (loopback only), so a
 * library that reaches for global fetch cannot leave the machine. Returns the function that undoes it.
 */
export function guardGlobalFetch(guard: NetworkGuard): () => void {
  const original = globalThis.fetch;
  const guarded = guard.fetchFor(null);
  globalThis.fetch = guarded;
  return () => {
    if (globalThis.fetch === guarded) globalThis.fetch = original;
  };
}
