/**
 * Periodic health checks: every N seconds (a setting; 0 = off) each enabled node's model list is fetched through
 * the guard, timed, and recorded on its tracker; each result goes out as `nodes.health`, and a node whose state
 * changed (up ↔ down) also as `nodes.changed`. A dead node is thus out of rotation before a user request waits on
 * it, and back in as soon as it answers again.
 */
import type { NodeHealthEvent, NodeInfo } from '@contract';
import type { Clock, Logger } from '../ports';
import { listNodeModels } from './nodeClient';
import { classifyNodeError } from './nodeErrors';
import type { NodeService } from './nodeService';

export interface NodeHealthChecksDeps {
  nodes: NodeService;
  /** The interval setting, read before every round. */
  intervalSeconds: () => number;
  onHealth: (event: NodeHealthEvent) => void;
  clock: Clock;
  logger: Logger;
}

/** A check must end well before the next one starts. */
const MAX_CHECK_TIMEOUT_MS = 10_000;

export class NodeHealthChecks {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private armedSeconds: number | null = null;
  private round: Promise<void> | null = null;
  private readonly stopping = new AbortController();

  constructor(private readonly d: NodeHealthChecksDeps) {}

  /** Re-arms the timer when the interval setting changed (any settings change calls this). */
  settingsChanged(): void {
    if (this.d.intervalSeconds() !== this.armedSeconds) this.schedule();
  }

  /** (Re)arms the timer from the current setting; called at start-up and after every round. */
  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const seconds = this.d.intervalSeconds();
    this.armedSeconds = seconds;
    if (seconds <= 0 || this.stopping.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.checkAll().finally(() => this.schedule());
    }, seconds * 1000);
    // A pending check never keeps a process alive on its own.
    this.timer.unref?.();
  }

  /** Checks every enabled node now; a round already running is joined rather than doubled. */
  checkAll(signal?: AbortSignal): Promise<void> {
    this.round ??= this.runRound(signal).finally(() => (this.round = null));
    return this.round;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.round?.catch(() => undefined);
  }

  private async runRound(signal?: AbortSignal): Promise<void> {
    const before = new Map(this.d.nodes.list().map((n) => [n.id, n.health.state]));
    const enabled = this.d.nodes.list().filter((n) => n.enabled);
    await Promise.all(enabled.map((node) => this.checkOne(node, signal)));
    const after = this.d.nodes.list();
    if (after.some((n) => before.get(n.id) !== n.health.state)) this.d.nodes.changed();
  }

  private async checkOne(node: NodeInfo, outer?: AbortSignal): Promise<void> {
    const signal = AbortSignal.any([this.stopping.signal, ...(outer ? [outer] : [])]);
    const timeoutMs = Math.min(MAX_CHECK_TIMEOUT_MS, Math.max(1_000, this.d.intervalSeconds() * 500));
    let conn;
    try {
      conn = this.d.nodes.connection(node.id);
    } catch {
      return; // removed meanwhile
    }
    const tracker = this.d.nodes.tracker(node.id);
    const startedAt = this.d.clock.now();
    try {
      await listNodeModels(conn, signal, timeoutMs);
      tracker.checkSucceeded(this.d.clock.now() - startedAt);
    } catch (error) {
      if (signal.aborted) return;
      const { error: typed, nodeFault } = classifyNodeError(conn.node, error);
      // The guard refusing (offline mode) says nothing about the node: no check happened.
      if (typed.code === 'offline') return;
      tracker.checkFailed(typed.message, nodeFault);
      this.d.logger.info('node health check failed', { nodeId: node.id, code: typed.code });
    }
    this.d.onHealth({ nodeId: node.id, name: node.name, health: tracker.snapshot() });
  }
}
