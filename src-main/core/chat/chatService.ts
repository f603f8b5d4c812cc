/**
 * Everything behind chat.*: one running turn per conversation, stop, regenerate, edit-and-rerun, team routing,
 * builder previews and "ask" approvals, with every step streamed as chat.event.
 */
import { randomUUID } from 'node:crypto';
import {
  OutpostError,
  type ActiveTurn,
  type ApprovalRequestEvent,
  type FormValue,
  type ConversationView,
  type TurnEvent,
  type TurnStarted,
  type WarmResult,
} from '@contract';
import type { AgentDefinition } from '../agents/agentSchema';
import type { ConversationPort } from '../conversations/conversationPort';
import type { ConversationStore } from '../conversations/conversationStore';
import { MemoryTranscript, type TranscriptSeed } from '../conversations/memoryTranscript';
import type { Clock, EventSink, Logger } from '../ports';
import { ActiveTurns, type RunningTurn } from './activeTurns';
import type { Decision } from './approvalBroker';
import { ChatApprovals } from './chatApprovals';
import { ChatWarm, type WarmPort } from './chatWarm';
import { DeltaStream } from './deltaStream';
import type { ModelResolver } from './modelResolver';
import { runPlannedTurn, type RuntimeBase } from './turnRunner';
import { resolveTurnTarget, type TurnTarget } from './turnTarget';

/** Text goes out in frames of a few words, at most ~10 a second and at least every 300 ms while it streams. */
const DELTA_PACING = { intervalMs: 100, minChars: 24, maxWaitMs: 300 };

export interface ChatServiceDeps {
  agents: { find(id: string): { definition: AgentDefinition } | null };
  conversations: ConversationStore;
  models: ModelResolver;
  /** Runtime dependencies shared by every turn; `executorFor` gets each turn's approval channel. */
  runtime: RuntimeBase;
  events: EventSink;
  logger: Logger;
  clock: Clock;
  /** Background warm of prompt prefixes (the local model lifecycle); without it chat.warm does nothing. */
  warm?: WarmPort;
  /** Runs after every stored (non-preview) turn ends, e.g. automatic memory extraction. */
  afterTurn?: (turn: { agent: AgentDefinition; conversationId: string }) => void;
}

/** A turn ready to start: the user message is already stored. */
interface StartRequest {
  conversationId: string;
  preview: boolean;
  agent: AgentDefinition;
  target: TurnTarget;
  store: ConversationPort;
  storeConversationId: string;
  userMessageId: string;
  userText: string;
  toolChoice: 'auto' | 'required';
  /** "Ask a bigger model": run on the agent's escalation model. */
  escalate?: boolean;
}

export class ChatService {
  private readonly active: ActiveTurns;
  private readonly approvals: ChatApprovals;
  private readonly activeListeners = new Set<(active: ActiveTurn[]) => void>();
  private readonly warmer: ChatWarm;

  constructor(private readonly d: ChatServiceDeps) {
    this.active = new ActiveTurns((list) => {
      d.events.emit('chat.activeChanged', list);
      for (const listener of this.activeListeners) listener(list);
    });
    this.approvals = new ChatApprovals(d.events);
    this.warmer = new ChatWarm({
      ...d,
      busy: (conversationId) => this.active.get(conversationId) !== undefined,
      targetFor: (agent) => this.targetFor(agent),
    });
  }

  send(input: { conversationId: string; text: string; toolChoice?: 'auto' | 'required' }): TurnStarted {
    const { agent, target } = this.prepare(input.conversationId);
    const user = this.d.conversations.addMessage(input.conversationId, {
      role: 'user',
      content: input.text,
      agentId: agent.id,
    });
    return this.startStored(input.conversationId, agent, target, user.id, user.content, input.toolChoice ?? 'auto');
  }

  /** chat.warm: the opened conversation's next prompt prefix, warmed in the background (chatWarm.ts). */
  warm(conversationId: string, signal?: AbortSignal): Promise<WarmResult> {
    return this.warmer.warm(conversationId, signal);
  }

  /** Drops the replies after the last user message and answers it again (the user message stays as it is). */
  regenerate(conversationId: string): TurnStarted {
    const { agent, target } = this.prepare(conversationId);
    const lastUser = this.d.conversations.messages(conversationId).findLast((m) => m.role === 'user');
    if (!lastUser) {
      throw new OutpostError('bad_request', 'There is no message to answer again in this conversation', {
        conversationId,
      });
    }
    this.d.conversations.truncateAfter(lastUser.id);
    return this.startStored(conversationId, agent, target, lastUser.id, lastUser.content, 'auto');
  }

  /** "Ask a bigger model": like regenerate, on the agent's escalation model (within its budget). */
  escalate(conversationId: string): TurnStarted {
    const { agent, target } = this.prepare(conversationId);
    if (target.kind !== 'single' || !agent.escalation?.onRequest) {
      throw new OutpostError('bad_request', `${agent.name} has no bigger model to ask (agent builder → escalation)`, {
        agentId: agent.id,
      });
    }
    const lastUser = this.d.conversations.messages(conversationId).findLast((m) => m.role === 'user');
    if (!lastUser) {
      throw new OutpostError('bad_request', 'There is no message to answer again in this conversation', {
        conversationId,
      });
    }
    this.d.conversations.truncateAfter(lastUser.id);
    return this.start({
      conversationId,
      preview: false,
      agent,
      target,
      store: this.d.conversations,
      storeConversationId: conversationId,
      userMessageId: lastUser.id,
      userText: lastUser.content,
      toolChoice: 'auto',
      escalate: true,
    });
  }

  /** Replaces a user message's text, removes everything after it and answers it. */
  editAndRerun(messageId: string, text: string): TurnStarted {
    const message = this.d.conversations.getMessage(messageId);
    if (message.role !== 'user') {
      throw new OutpostError('bad_request', 'Only your own messages can be edited', { messageId });
    }
    const { agent, target } = this.prepare(message.conversationId);
    const edited = this.d.conversations.editMessage(messageId, text);
    this.d.conversations.truncateAfter(messageId);
    return this.startStored(message.conversationId, agent, target, messageId, edited.content, 'auto');
  }

  /** A draft agent from the builder, answered in a throwaway in-memory conversation; events carry the previewId. */
  preview(
    input: { previewId: string; toolChoice?: 'auto' | 'required'; agent: AgentDefinition } & Omit<
      TranscriptSeed,
      'agentId'
    >,
  ): { turnId: string } {
    this.active.assertIdle(input.previewId);
    const target = this.targetFor(input.agent);
    const transcript = new MemoryTranscript(
      { agentId: input.agent.id, history: input.history, text: input.text },
      this.d.clock,
    );
    const started = this.start({
      conversationId: input.previewId,
      preview: true,
      agent: input.agent,
      target,
      store: transcript,
      storeConversationId: transcript.conversationId,
      userMessageId: transcript.userMessageId,
      userText: input.text,
      toolChoice: input.toolChoice ?? 'auto',
    });
    return { turnId: started.turnId };
  }

  /** Stops the turn running in a conversation (or preview); false when none runs. */
  stop(conversationId: string): boolean {
    const turn = this.active.get(conversationId);
    if (!turn) return false;
    turn.controller.abort();
    return true;
  }

  /** Stops and waits until the turn has written its last row (before deleting its conversation). */
  async stopAndWait(conversationId: string): Promise<void> {
    const turn = this.active.get(conversationId);
    if (!turn) return;
    turn.controller.abort();
    await turn.finished;
  }

  /** Resolves once no turn runs in the conversation (or preview). */
  async waitForIdle(conversationId: string): Promise<void> {
    await this.active.get(conversationId)?.finished;
  }

  respond(callId: string, decision: Decision, values?: Record<string, FormValue>): boolean {
    return this.approvals.respond(callId, decision, values);
  }

  activeTurns(): ActiveTurn[] {
    return this.active.list();
  }

  /** In-process observers of the running turns (background jobs wait while a chat streams); returns unsubscribe. */
  onActiveChange(listener: (active: ActiveTurn[]) => void): () => void {
    this.activeListeners.add(listener);
    return () => this.activeListeners.delete(listener);
  }

  /** In-process observers of cards opening and closing (an MCP client answering through its own form); unsubscribe. */
  onApproval(listener: (event: ApprovalRequestEvent) => void): () => void {
    return this.approvals.onApproval(listener);
  }

  openApprovals(): ApprovalRequestEvent[] {
    return this.approvals.list();
  }

  /**
   * For agents.delete: stops the agent's running turns (a team's too) and waits until they wrote their last
   * row; the agent's data then goes in one transaction (agents/agentData.ts, AgentStore.delete).
   */
  async stopAgentTurns(agentId: string): Promise<void> {
    const turns = this.active.withAgent(agentId);
    for (const turn of turns) turn.controller.abort();
    await Promise.all(turns.map((t) => t.finished));
  }

  /** Stops every turn and waits for them (core shutdown, before the engine and database close). */
  async dispose(): Promise<void> {
    const turns = this.active.all();
    for (const turn of turns) turn.controller.abort();
    await Promise.all(turns.map((t) => t.finished));
  }

  /** Checks everything that can fail before anything is written: idle, agent, members, models. */
  private prepare(conversationId: string): { agent: AgentDefinition; target: TurnTarget } {
    const conversation = this.d.conversations.get(conversationId);
    this.active.assertIdle(conversationId);
    const agent = this.d.agents.find(conversation.agentId)?.definition;
    if (!agent) {
      throw new OutpostError('not_found', `No agent with id "${conversation.agentId}"`, {
        agentId: conversation.agentId,
      });
    }
    return { agent, target: this.targetFor(agent) };
  }

  private targetFor(agent: AgentDefinition): TurnTarget {
    return resolveTurnTarget(this.d, agent);
  }

  private startStored(
    conversationId: string,
    agent: AgentDefinition,
    target: TurnTarget,
    userMessageId: string,
    userText: string,
    toolChoice: 'auto' | 'required',
  ): TurnStarted {
    return this.start({
      conversationId,
      preview: false,
      agent,
      target,
      store: this.d.conversations,
      storeConversationId: conversationId,
      userMessageId,
      userText,
      toolChoice,
    });
  }

  private start(request: StartRequest): TurnStarted {
    const turnId = randomUUID();
    const controller = new AbortController();
    let settle!: () => void;
    const turn: RunningTurn = {
      turnId,
      conversationId: request.conversationId,
      agentId: request.agent.id,
      preview: request.preview,
      startedAt: this.d.clock.now(),
      controller,
      agentIds: new Set([request.agent.id]),
      finished: new Promise<void>((resolve) => (settle = resolve)),
    };
    this.active.add(turn);
    this.changed(request);
    const deltas = new DeltaStream(
      ({ messageId, delta }) =>
        this.d.events.emit('chat.delta', { conversationId: request.conversationId, messageId, delta }),
      DELTA_PACING,
    );
    const emit = (agentId: string, event: TurnEvent | { type: 'token'; messageId: string; delta: string }) => {
      if (event.type === 'token') return deltas.push(event.messageId, event.delta);
      deltas.flush(); // the text before the event that follows it
      this.d.events.emit('chat.event', {
        turnId,
        conversationId: request.conversationId,
        preview: request.preview,
        agentId,
        event,
      });
    };
    const { requestApproval, requestForm } = this.approvals.channelsFor({
      turnId,
      conversationId: request.conversationId,
    });
    void runPlannedTurn(this.d.runtime, this.d.models, {
      turnId,
      storeConversationId: request.storeConversationId,
      store: request.store,
      agent: request.agent,
      target: request.target,
      userMessageId: request.userMessageId,
      userText: request.userText,
      toolChoice: request.toolChoice,
      escalate: request.escalate ?? false,
      signal: controller.signal,
      requestApproval,
      requestForm,
      emit,
      onMember: (memberId) => turn.agentIds.add(memberId),
    })
      .catch((error: unknown) => {
        // The runtime reports its own failures as events; this is a bug path, still told to the screen.
        this.d.logger.error('chat turn crashed', { turnId, error: String(error) });
        emit(request.agent.id, { type: 'error', code: 'internal', message: String(error), messageId: null, row: null });
      })
      .finally(() => {
        deltas.flush();
        this.active.remove(turn);
        this.changed(request);
        settle();
        if (!request.preview) this.d.afterTurn?.({ agent: request.agent, conversationId: request.conversationId });
      });
    return { turnId, conversationId: request.conversationId, userMessageId: request.userMessageId };
  }

  /** The conversation's row as it is now (title, activity time), so lists update from the event alone. */
  private changed(request: StartRequest): void {
    if (request.preview) return;
    let conversation: ConversationView | null = null;
    try {
      conversation = this.d.conversations.get(request.conversationId);
    } catch (error) {
      this.d.logger.warn('could not read the conversation for its change event', { error: String(error) });
    }
    this.d.events.emit('conversations.changed', {
      agentId: request.agent.id,
      conversationId: request.conversationId,
      deleted: false,
      conversation,
    });
  }
}
