/**
 * Owns the API server: starts, restarts and stops it as the settings change, holds the key, the queue, the
 * rate limits and the request log. Off until the user turns it on.
 */
import type { Server } from 'node:http';
import type { Database } from 'better-sqlite3';
import type { ApiEnableResult, ApiRequestEntry, ApiStatus, InstalledModel, LoadedModel, Settings } from '@contract';
import { OutpostError } from '@contract';
import type { Clock, EventSink, Logger } from '../ports';
import { parseClientAllowList, type ClientAllowList } from './clientAllowList';
import type { ApiAppDeps, ListedModel } from './apiApp';
import { ApiKeyStore } from './apiKeyStore';
import type { PreparedCompletion } from './completionTypes';
import type { CompletionRequest } from './legacyCompletions';
import type { EmbeddingsPort } from './embeddingsRoute';
import type { ChatCompletionRequest } from './openaiSchemas';
import { RateLimiter } from './rateLimiter';
import { ApiRequestLog } from './requestLog';
import { RequestQueue } from './requestQueue';

const AUTH_FAILURES_PER_MINUTE = 20;

export interface ApiServiceDeps {
  db: Database;
  settings: { get(): Settings; set(patch: Partial<Settings>): Settings };
  events: EventSink;
  logger: Logger;
  clock: Clock;
  installed: () => readonly InstalledModel[];
  loaded: () => readonly LoadedModel[];
  agents: () => readonly { id: string; createdAt: number }[];
  prepareModel: (body: ChatCompletionRequest) => PreparedCompletion;
  prepareAgent: (body: ChatCompletionRequest) => PreparedCompletion;
  prepareText?: (body: CompletionRequest) => PreparedCompletion;
  embeddings: () => EmbeddingsPort | null;
  mcp?: (request: Request) => Promise<Response>;
  jobRuns?: ApiAppDeps['jobRuns'];
}

/** `--serve`: this machine as a node for others, whatever the API settings say, for as long as the process runs. */
export interface ServeConfig {
  /** The interface to listen on: an address of this machine, or 0.0.0.0 / :: for all of them. */
  host: string;
  port: number;
  /** Client addresses and CIDR ranges answered; anyone else gets 403. */
  allow: readonly string[];
  /** The operator's key; null keeps the stored one (or makes one when there is none). */
  apiKey: string | null;
}

interface Serving {
  host: string;
  port: number;
  allow: ClientAllowList;
}

interface Listening {
  server: Server;
  host: string;
  port: number;
}

export class ApiService {
  readonly keys: ApiKeyStore;
  readonly log: ApiRequestLog;
  readonly queue: RequestQueue;
  private current: Listening | null = null;
  private serving: Serving | null = null;
  private error: string | null = null;
  private chain: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(private readonly d: ApiServiceDeps) {
    const now = () => d.clock.now();
    this.keys = new ApiKeyStore(d.db, now);
    this.log = new ApiRequestLog(d.db, (entry) => d.events.emit('api.request', entry));
    this.queue = new RequestQueue({
      capacity: (modelId) => this.capacity(modelId),
      maxWaiting: () => d.settings.get().apiMaxQueue,
      now,
    });
  }

  /** Starts the server if the settings say so (called once at start-up and on every settings change). */
  apply(): Promise<void> {
    this.chain = this.chain
      .then(() => this.reconcile())
      .catch((error: unknown) => {
        this.d.logger.error('API server reconfiguration failed', { error: String(error) });
      });
    return this.chain;
  }

  async setEnabled(enabled: boolean): Promise<ApiEnableResult> {
    const newKey = enabled && !this.keys.info() ? this.keys.rotate() : null;
    if (this.d.settings.get().apiEnabled !== enabled) this.d.settings.set({ apiEnabled: enabled });
    await this.apply();
    return { status: this.status(), newKey };
  }

  /** Serves the API as `config` says until the process ends; fails when it cannot listen. */
  async serve(config: ServeConfig): Promise<ApiEnableResult> {
    const allow = parseClientAllowList(config.allow);
    if (config.apiKey !== null) this.keys.set(config.apiKey);
    const newKey = config.apiKey === null && !this.keys.info() ? this.keys.rotate() : null;
    this.serving = { host: config.host, port: config.port, allow };
    await this.apply();
    if (!this.current) throw new OutpostError('unavailable', this.error ?? 'The API server could not start');
    this.d.logger.info('serving as a node', { host: config.host, port: config.port, allow: allow.entries });
    return { status: this.status(), newKey };
  }

  rotateKey(): { status: ApiStatus; key: string } {
    const key = this.keys.rotate();
    this.d.logger.info('API key rotated');
    return { status: this.status(), key };
  }

  requests(limit: number): ApiRequestEntry[] {
    return this.log.list(limit);
  }

  status(): ApiStatus {
    const wanted = this.wanted();
    const key = this.keys.info();
    const port = this.current?.port ?? wanted.port;
    const host = this.current?.host ?? wanted.host;
    return {
      enabled: wanted.enabled,
      listening: this.current !== null,
      baseUrl: this.current ? `http://${connectableHost(host)}:${port}/v1` : null,
      host,
      port,
      bindLan: wanted.lan,
      hasKey: key !== null,
      keyPrefix: key?.prefix ?? null,
      keyCreatedAt: key?.createdAt ?? null,
      error: wanted.enabled ? this.error : null,
      ...this.queue.stats(),
    };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.chain;
    await this.stop();
  }

  private async reconcile(): Promise<void> {
    const { enabled, host, port } = this.wanted();
    const wanted = enabled && !this.disposed && this.keys.info() !== null;
    if (wanted && this.current?.host === host && this.current.port === port) return;
    await this.stop();
    if (!wanted) {
      this.error = enabled && !this.keys.info() ? 'No API key yet: turn the API off and on, or rotate the key' : null;
      return;
    }
    try {
      this.current = await this.listen(host, port);
      this.error = null;
      this.d.logger.info('API server listening', { host, port });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this.error =
        code === 'EADDRINUSE'
          ? `Port ${port} is already in use by another program; choose another port`
          : `Could not listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`;
      this.d.logger.warn('API server could not listen', { host, port, code });
    }
  }

  /** Where and whether to listen: `--serve` wins over the settings. */
  private wanted(): { enabled: boolean; host: string; port: number; lan: boolean } {
    if (this.serving) return { enabled: true, host: this.serving.host, port: this.serving.port, lan: true };
    const s = this.d.settings.get();
    return { enabled: s.apiEnabled, host: s.apiBindLan ? '0.0.0.0' : '127.0.0.1', port: s.apiPort, lan: s.apiBindLan };
  }

  private async listen(host: string, port: number): Promise<Listening> {
    // Loaded when the API is first turned on: hono and its server adaptor stay out of idle memory.
    const [{ createApiApp }, { createAdaptorServer }] = await Promise.all([
      import('./apiApp'),
      import('@hono/node-server'),
    ]);
    const app = createApiApp({
      settings: () => this.d.settings.get(),
      verifyKey: (key) => this.keys.verify(key),
      keyPrefix: () => this.keys.info()?.prefix ?? null,
      limiter: new RateLimiter(
        () => this.d.settings.get().apiRateLimitPerMinute,
        () => this.d.clock.now(),
      ),
      authFailures: new RateLimiter(
        () => AUTH_FAILURES_PER_MINUTE,
        () => this.d.clock.now(),
      ),
      queue: this.queue,
      log: this.log,
      models: () => this.models(),
      prepareModel: this.d.prepareModel,
      prepareAgent: this.d.prepareAgent,
      prepareText: this.d.prepareText,
      embeddings: this.d.embeddings,
      mcp: this.d.mcp,
      jobRuns: this.d.jobRuns,
      reach: () => ({ lan: this.wanted().lan, allow: this.serving?.allow ?? null }),
      remoteAddress: (c) => c.env.incoming?.socket.remoteAddress ?? '',
      now: () => this.d.clock.now(),
    });
    // overrideGlobalObjects: false keeps the process's own Request/Response untouched.
    const server = createAdaptorServer({ fetch: app.fetch, overrideGlobalObjects: false }) as Server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        server.on('error', (error) => this.d.logger.error('API server error', { error: String(error) }));
        resolve({ server, host, port });
      });
    });
  }

  private async stop(): Promise<void> {
    const current = this.current;
    if (!current) return;
    this.current = null;
    // Dropping open connections aborts their requests, which stops their generations.
    await new Promise<void>((resolve) => {
      current.server.close(() => resolve());
      current.server.closeAllConnections();
    });
  }

  private models(): ListedModel[] {
    const seconds = (ms: number) => Math.floor(ms / 1000);
    const models = this.d
      .installed()
      .filter((m) => m.problem === null)
      .map((m) => ({ id: m.id, created: seconds(m.addedAt), ownedBy: 'outpost' }));
    const agents = this.d
      .agents()
      .map((a) => ({ id: `agent:${a.id}`, created: seconds(a.createdAt), ownedBy: 'outpost-agent' }));
    const embedders = (this.d.embeddings()?.models() ?? [])
      .filter((id) => !models.some((m) => m.id === id))
      .map((id) => ({ id, created: 0, ownedBy: 'outpost-embeddings' }));
    return [...models, ...agents, ...embedders];
  }

  private capacity(modelId: string): number {
    const loaded = this.d.loaded().find((m) => m.modelId === modelId);
    if (loaded) return loaded.parallelSequences;
    return this.d.installed().find((m) => m.id === modelId)?.loadOptions.parallelSequences ?? 1;
  }
}

/** The address a client on this machine uses to reach a server listening on `host`. */
function connectableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
