/**
 * Runs one queued run as a turn in its job's conversation through the agent runtime, within the job's limits,
 * with "ask" tools parked in the Inbox, and records how it ended.
 */
import { OutpostError, type Run, type TurnEvent } from '@contract';
import type { AgentDefinition } from '../agents/agentSchema';
import { resolveTurnTarget } from '../chat/turnTarget';
import type { ModelResolver } from '../chat/modelResolver';
import { runPlannedTurn, type RuntimeBase, type TurnTarget } from '../chat/turnRunner';
import type { ConversationStore } from '../conversations/conversationStore';
import type { Clock, EventSink, Logger } from '../ports';
import type { RequestApproval } from '../tools/permissionPolicy';
import type { ToolExecutor } from '../tools/toolExecutor';
import type { JobInbox } from './jobInbox';
import type { JobRecord, JobStore } from './jobStore';
import { RunLimits, realTimer, type StartTimer, type StopReason } from './runLimits';
import type { RunEnd, RunStore } from './runStore';
import { yieldingGenerator } from './yieldingGenerator';

export interface JobRunnerDeps {
  runtime: RuntimeBase;
  /** A ToolExecutor whose "ask" cards expire after the job's approval expiry. */
  executorFor(requestApproval: RequestApproval, approvalTimeoutMs: number): ToolExecutor;
  models: ModelResolver;
  agents: { find(id: string): { definition: AgentDefinition } | null };
  conversations: ConversationStore;
  jobs: JobStore;
  runs: RunStore;
  inbox: JobInbox;
  /** Parks a run's queue slot, and holds a run's next generation while a foreground chat streams on its model. */
  queue: {
    park(runId: string, parked: boolean): void;
    untilForegroundIdle(modelId: string, signal: AbortSignal): Promise<void>;
    onForeground(modelId: string, listener: () => void): () => void;
  };
  /** Saves the answer as the job's outputs (Markdown file, note, task); returns what it made. */
  writeOutput?: (job: JobRecord, run: Run, answer: string) => Promise<SavedOutputs>;
  changed(run: Run): void;
  events: EventSink;
  logger: Logger;
  clock: Clock;
  startTimer?: StartTimer;
}

/** What a run's outputs made: the Markdown file and the agent's note and task ids (null: not asked or failed). */
export type SavedOutputs = Pick<RunEnd, 'outputFile' | 'outputNoteId' | 'outputTaskId'>;
const NO_OUTPUTS: SavedOutputs = { outputFile: null, outputNoteId: null, outputTaskId: null };

type Terminal = Extract<TurnEvent, { type: 'done' | 'error' | 'aborted' }>;

export class JobRunner {
  private readonly live = new Map<string, RunLimits>();
  private readonly settled = new Set<Promise<void>>();

  constructor(private readonly d: JobRunnerDeps) {}

  /** The model a run will start on (queue gating); null when the agent cannot run (the run says why). */
  modelFor(jobId: string): string | null {
    const job = this.d.jobs.find(jobId);
    const agent = job && this.d.agents.find(job.agentId)?.definition;
    if (!agent) return null;
    try {
      const target = resolveTurnTarget({ agents: this.d.agents, models: this.d.models }, agent);
      return target.kind === 'single' ? target.modelId : target.routerModelId;
    } catch {
      return null;
    }
  }

  /** Stops a running run; false when it is not running here. */
  cancel(runId: string, reason: string): boolean {
    const limits = this.live.get(runId);
    limits?.stop({ kind: 'cancelled', reason });
    return limits !== undefined;
  }

  isRunning(runId: string): boolean {
    return this.live.has(runId);
  }

  /** Stops every run and waits until each has recorded its end (before the database closes). */
  async dispose(): Promise<void> {
    for (const limits of this.live.values()) limits.stop({ kind: 'cancelled', reason: 'Outpost is closing' });
    await Promise.all([...this.settled]);
  }

  execute(runId: string): Promise<void> {
    const done = this.executeNow(runId).finally(() => this.settled.delete(done));
    this.settled.add(done);
    return done;
  }

  private async executeNow(runId: string): Promise<void> {
    const run = this.d.runs.get(runId);
    const job = this.d.jobs.find(run.jobId);
    const agent = job ? this.d.agents.find(job.agentId)?.definition : undefined;
    if (!job || !agent) {
      const error = { code: 'not_found', message: `The job's agent "${job?.agentId ?? '?'}" no longer exists` };
      this.finish(run.id, { ...EMPTY_END, status: 'failed', error });
      return;
    }
    let target: TurnTarget;
    try {
      target = resolveTurnTarget({ agents: this.d.agents, models: this.d.models }, agent);
    } catch (error) {
      this.finish(run.id, { ...EMPTY_END, status: 'failed', error: errorOf(error) });
      return;
    }
    const limits = new RunLimits(job.limits, this.d.startTimer ?? realTimer);
    this.live.set(run.id, limits);
    try {
      await this.turn(job, agent, target, run, limits);
    } catch (error) {
      // Storage failures before or after the turn: the run must not stay 'running'.
      this.finish(run.id, { ...EMPTY_END, status: 'failed', error: errorOf(error) });
    } finally {
      limits.dispose();
      this.live.delete(run.id);
    }
  }

  private async turn(record: JobRecord, agent: AgentDefinition, target: TurnTarget, run: Run, limits: RunLimits) {
    const job = { ...record, conversationId: this.conversationFor(record) };
    const user = this.d.conversations.addMessage(job.conversationId, {
      role: 'user',
      content: withTriggerPaths(job.instruction, run.triggerPath),
      agentId: agent.id,
    });
    const modelId = target.kind === 'single' ? target.modelId : target.routerModelId;
    this.d.changed(
      this.d.runs.markStarted(run.id, { modelId, userMessageId: user.id, conversationId: job.conversationId }),
    );
    this.conversationChanged(job);
    let terminal: Terminal | null = null;
    let toolRoundsHit = false;
    const requestApproval = this.d.inbox.requesterFor({
      runId: run.id,
      jobId: job.id,
      jobName: job.name,
      expiryMs: job.limits.approvalExpiryMinutes * 60_000,
      onParked: (parked, outcome) => {
        this.d.queue.park(run.id, parked);
        this.d.changed(this.d.runs.setParked(run.id, parked));
        if (outcome === 'denied') limits.stop({ kind: 'denied' });
        if (outcome === 'expired') limits.stop({ kind: 'expired' });
      },
    });
    const lifecycle = this.d.runtime.lifecycle;
    // Each generation waits while the user chats on its model, and a text reply pauses mid-way when they start.
    const generator = limits.wrap(yieldingGenerator(lifecycle, this.d.queue), (model, signal) =>
      this.d.queue.untilForegroundIdle(model, signal),
    );
    const base: RuntimeBase = {
      ...this.d.runtime,
      lifecycle: { load: (...args) => lifecycle.load(...args), generate: generator.generate },
      maxToolRounds: job.limits.maxToolRounds,
      executorFor: (channel) => this.d.executorFor(channel, job.limits.approvalExpiryMinutes * 60_000),
    };
    await runPlannedTurn(base, this.d.models, {
      turnId: run.id,
      storeConversationId: job.conversationId,
      store: this.d.conversations,
      agent,
      target,
      userMessageId: user.id,
      userText: user.content,
      toolChoice: job.requireTool ? 'required' : 'auto',
      signal: limits.signal,
      requestApproval,
      emit: (agentId, event) => {
        if (event.type === 'token') return;
        if (event.type === 'tool-rounds-exhausted') toolRoundsHit = true;
        if (event.type === 'done' || event.type === 'error' || event.type === 'aborted') terminal = event;
        this.d.events.emit('chat.event', {
          turnId: run.id,
          conversationId: job.conversationId,
          preview: false,
          agentId,
          event,
        });
      },
    }).catch((error: unknown) => {
      this.d.logger.error('background run crashed', { runId: run.id, error: String(error) });
      terminal = { type: 'error', code: 'internal', message: String(error), messageId: null, row: null };
    });
    const end = this.outcome(terminal, limits, toolRoundsHit);
    let outputs = NO_OUTPUTS;
    if (end.answerMessageId && this.d.writeOutput && end.status !== 'cancelled') {
      const answer = this.d.conversations.getMessage(end.answerMessageId).content;
      outputs = await this.d.writeOutput(job, run, answer).catch((error: unknown) => {
        this.d.logger.warn('could not save the run outputs', { runId: run.id, error: String(error) });
        return NO_OUTPUTS;
      });
    }
    this.finish(run.id, { ...end, ...outputs });
    this.conversationChanged(job);
  }

  private outcome(terminal: Terminal | null, limits: RunLimits, toolRoundsHit: boolean): RunEnd {
    const tokens = { promptTokens: limits.promptTokens, completionTokens: limits.completionTokens };
    const answerMessageId = terminal && terminal.type !== 'error' ? terminal.messageId : (terminal?.messageId ?? null);
    const base: RunEnd = { ...EMPTY_END, ...tokens, answerMessageId };
    const stopped: StopReason | null = limits.stopReason;
    if (stopped) return { ...base, ...endFor(stopped) };
    if (!terminal)
      return { ...base, status: 'failed', error: { code: 'internal', message: 'The run ended without a result' } };
    if (terminal.type === 'error')
      return { ...base, status: 'failed', error: { code: terminal.code, message: terminal.message } };
    if (terminal.type === 'aborted') return { ...base, status: 'cancelled', reason: 'Stopped' };
    if (terminal.finishReason === 'length' && limits.tokensSpent) {
      return { ...base, status: 'limit', limitHit: 'tokens', reason: "Stopped at the run's token limit" };
    }
    if (toolRoundsHit) {
      return {
        ...base,
        status: 'limit',
        limitHit: 'tool-rounds',
        reason: 'Used every tool round; answered without more tools',
      };
    }
    return { ...base, status: 'succeeded' };
  }

  /** The job's conversation, or a new one when it was deleted in Chat. */
  private conversationFor(job: JobRecord): string {
    try {
      return this.d.conversations.get(job.conversationId).id;
    } catch (error) {
      if (!(error instanceof OutpostError) || error.code !== 'not_found') throw error;
      const created = this.d.conversations.create(job.agentId, { title: `Job: ${job.name}` });
      this.d.jobs.setConversation(job.id, created.id);
      return created.id;
    }
  }

  private finish(runId: string, end: RunEnd): void {
    try {
      this.d.changed(this.d.runs.finish(runId, end));
    } catch (error) {
      this.d.logger.error('could not record how a background run ended', { runId, error: String(error) });
    }
  }

  private conversationChanged(job: JobRecord): void {
    let conversation = null;
    try {
      conversation = this.d.conversations.get(job.conversationId);
    } catch (error) {
      this.d.logger.warn('could not read the conversation for its change event', { error: String(error) });
    }
    // The row goes along so lists update without a refetch (issue 14).
    this.d.events.emit('conversations.changed', {
      agentId: job.agentId,
      conversationId: job.conversationId,
      deleted: false,
      conversation,
    });
  }
}

const EMPTY_END: RunEnd = {
  status: 'failed',
  reason: null,
  limitHit: null,
  error: null,
  promptTokens: 0,
  completionTokens: 0,
  answerMessageId: null,
  ...NO_OUTPUTS,
};

function endFor(stopped: StopReason): Partial<RunEnd> {
  switch (stopped.kind) {
    case 'limit':
      return {
        status: 'limit',
        limitHit: stopped.limit,
        reason: stopped.limit === 'tokens' ? "Stopped at the run's token limit" : "Stopped at the run's time limit",
      };
    case 'cancelled':
      return { status: 'cancelled', reason: stopped.reason };
    case 'denied':
      return { status: 'cancelled', reason: 'A tool call was denied in the Inbox' };
    case 'expired':
      return {
        status: 'failed',
        reason: 'A tool call waited in the Inbox past its expiry',
        error: { code: 'approval_expired', message: 'Nobody answered the Inbox card in time' },
      };
  }
}

/** The instruction, plus the file (or files) a folder trigger saw. */
function withTriggerPaths(instruction: string, paths: string | null): string {
  if (!paths) return instruction;
  return paths.includes('\n') ? `${instruction}\n\nFiles:\n${paths}` : `${instruction}\n\nFile: ${paths}`;
}

function errorOf(error: unknown): { code: string; message: string } {
  if (error instanceof OutpostError) return { code: error.code, message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
