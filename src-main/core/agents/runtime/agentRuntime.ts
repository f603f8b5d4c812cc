/** One agent turn: persist the user message, then generate → run tool calls → feed results back, bounded. */
import { randomUUID } from 'node:crypto';
import {
  OutpostError,
  type ErrorCode,
  type FunctionCall,
  type GenerateRequest,
  type GenerationMetrics,
  type ReplyErrorCode,
  type TurnMessage,
} from '@contract';
import type { ToolExecutor } from '../../tools/toolExecutor';
import type { FunctionDefinition } from '../../tools/toolRegistry';
import type { Message } from '../../conversations/conversationTypes';
import type { AgentDefinition } from '../agentSchema';
import { DeltaBuffer } from './deltaBuffer';
import { toolsOf } from './agentTools';
import { cutOffMessage, errorInfo, type Asked } from './turnOutcome';
import { approximateTokens, buildPrompt, memoryBlock } from './promptBuilder';
import type { AgentRuntimeDeps, RunTurnInput, TurnResult, TurnTotals } from './runtimeTypes';
import { runToolCall } from './toolCallStep';
import { fallbackFor, moveToFallback, type RetargetableTurn } from './turnFallback';
import { turnMessage } from './turnRows';

/** `row`: the round's reply as stored when it ended (null when even recording the failure failed). */
type RoundOutcome =
  | { kind: 'answer'; finishReason: 'stop' | 'length'; row: TurnMessage }
  | { kind: 'calls'; calls: FunctionCall[]; row: TurnMessage }
  | { kind: 'aborted'; text: string; row: TurnMessage | null }
  /** A forced ('required') call the model did not finish (cut off by maxTokens): answer in text instead. */
  | { kind: 'cut-call'; row: TurnMessage | null }
  | { kind: 'error'; code: ErrorCode; message: string; row: TurnMessage | null }
  /** The model failed before the turn's first token and the turn moved to its fallback: run the round again. */
  | { kind: 'moved' };

interface Turn extends RetargetableTurn {
  id: string;
  input: RunTurnInput;
  agent: AgentDefinition;
  userMessageId: string;
  /** Set once tools are off for the rest of the turn (a forced call was cut off). */
  textOnly: boolean;
  memory: string;
  functions: Record<string, FunctionDefinition>;
  executor: ToolExecutor;
  asked: Map<string, Asked>;
  lastMessageId: string | null;
  totals: TurnTotals;
}

export class AgentRuntime {
  private readonly countTokens: (text: string) => number;
  private readonly maxToolRounds: number;
  private readonly persistEveryMs: number;

  constructor(private readonly d: AgentRuntimeDeps) {
    this.countTokens = d.countTokens ?? approximateTokens;
    this.maxToolRounds = d.maxToolRounds ?? 4;
    this.persistEveryMs = d.persistEveryMs ?? 250;
  }

  async runTurn(input: RunTurnInput): Promise<TurnResult> {
    const { agent, conversationId, signal } = input;
    const user = this.userMessage(input);
    const modelId = input.modelId ?? agent.model.preferred;
    let turn: Turn | null = null;
    try {
      // Loading first (a no-op when loaded) tells us the real context size the history must fit.
      const loaded = await this.d.lifecycle.load(modelId, undefined, signal);
      const asked = new Map<string, Asked>();
      turn = {
        id: randomUUID(),
        input,
        agent,
        userMessageId: user.id,
        modelId,
        route: input.route,
        continueMessageId: null,
        fallbackUsed: false,
        textOnly: false,
        contextSize: loaded.contextSize,
        memory: joinBlocks(
          await this.recall(agent, user.content),
          (await this.d.knowledge?.beginTurn(agent, conversationId, user.content, signal)) ?? '',
        ),
        functions: this.d.registry.definitionsFor(Object.keys(toolsOf(agent)), toolsOf(agent)),
        executor: this.d.executorFor(async (request, approvalSignal) => {
          asked.set(request.callId, 'asked');
          try {
            const answer = await input.requestApproval(request, approvalSignal);
            asked.set(request.callId, answer);
            return answer;
          } catch (error) {
            // A closed card (timeout, stop) stays 'asked'; a broken approval channel is not the user's answer.
            if (!approvalSignal.aborted) asked.set(request.callId, 'failed');
            throw error;
          }
        }),
        asked,
        lastMessageId: null,
        totals: { rounds: 0, promptTokens: 0, completionTokens: 0, totalMs: 0 },
      };
      return await this.loop(turn);
    } catch (error) {
      const messageId = turn?.lastMessageId ?? null;
      if (signal.aborted) return this.aborted(user.id, messageId, '', null);
      const info = errorInfo(error);
      this.d.logger.error('agent turn failed', { agentId: agent.id, conversationId, code: info.code });
      this.d.events({ type: 'error', ...info, messageId, row: null });
      return { status: 'error', userMessageId: user.id, messageId, error: info };
    }
  }

  /** The turn's user message: saved now (before any await), or an existing one from this conversation. */
  private userMessage(input: RunTurnInput): Message {
    if ('userText' in input) {
      return this.d.conversations.addMessage(input.conversationId, {
        role: 'user',
        content: input.userText,
        agentId: input.agent.id,
      });
    }
    const message = this.d.conversations.getMessage(input.userMessageId);
    if (message.role !== 'user' || message.conversationId !== input.conversationId) {
      throw new OutpostError('bad_request', 'A turn can only re-run a user message of its own conversation', {
        messageId: input.userMessageId,
        conversationId: input.conversationId,
      });
    }
    return message;
  }

  private async loop(turn: Turn): Promise<TurnResult> {
    const hasTools = Object.keys(turn.functions).length > 0;
    for (let round = 1; ; round++) {
      const withTools = hasTools && !turn.textOnly && round <= this.maxToolRounds;
      const outcome = await this.round(turn, round, withTools, hasTools && !withTools);
      if (outcome.kind === 'moved') {
        round--;
        continue;
      }
      if (outcome.kind === 'cut-call') {
        if (outcome.row) this.d.events({ type: 'round-ended', round, row: outcome.row });
        turn.textOnly = true;
        continue;
      }
      if (outcome.kind === 'aborted') {
        return this.aborted(turn.userMessageId, turn.lastMessageId, outcome.text, outcome.row);
      }
      if (outcome.kind === 'error') {
        this.d.events({
          type: 'error',
          code: outcome.code,
          message: outcome.message,
          messageId: turn.lastMessageId,
          row: outcome.row,
        });
        return {
          status: 'error',
          userMessageId: turn.userMessageId,
          messageId: turn.lastMessageId,
          error: { code: outcome.code, message: outcome.message },
        };
      }
      if (outcome.kind === 'answer') {
        const messageId = turn.lastMessageId ?? '';
        this.saveCitations(turn.input.conversationId, messageId);
        this.d.events({
          type: 'done',
          messageId,
          row: outcome.row,
          totals: turn.totals,
          finishReason: outcome.finishReason,
        });
        return { status: 'done', userMessageId: turn.userMessageId, messageId, error: null };
      }
      this.d.events({ type: 'round-ended', round, row: outcome.row });
      for (const call of outcome.calls) await runToolCall(this.d, turn, round, call);
      if (turn.input.signal.aborted) return this.aborted(turn.userMessageId, turn.lastMessageId, '', null);
      if (round === this.maxToolRounds) this.d.events({ type: 'tool-rounds-exhausted', rounds: round });
    }
  }

  private async round(turn: Turn, round: number, withTools: boolean, forcedText: boolean): Promise<RoundOutcome> {
    const { agent, input } = turn;
    const functionsJson = withTools ? JSON.stringify(turn.functions) : null;
    const prompt = buildPrompt({
      agent,
      history: this.d.conversations.messages(input.conversationId),
      memory: turn.memory,
      contextSize: turn.contextSize,
      functionsJson,
      ...(withTools ? { functions: turn.functions } : {}),
      countTokens: this.countTokens,
    });
    this.d.events({
      type: 'context',
      round,
      usedTokens: prompt.fitted.usedTokens,
      budget: prompt.fitted.budget,
      droppedMessages: prompt.fitted.dropped.length,
      memoryIncluded: prompt.fitted.memoryIncluded,
    });
    const modelId = turn.modelId;
    const message =
      turn.continueMessageId !== null
        ? { id: turn.continueMessageId }
        : this.d.conversations.beginAssistantMessage(input.conversationId, {
            agentId: agent.id,
            modelId,
            routerLabel: turn.route?.label ?? null,
            routerReason: turn.route?.reason ?? null,
          });
    turn.continueMessageId = null;
    turn.lastMessageId = message.id;
    this.d.events({ type: 'round-started', round, messageId: message.id, withTools, forcedText });

    const forced = withTools && round === 1 && input.toolChoice === 'required';
    const request: GenerateRequest = {
      requestId: `${turn.id}-${round}`,
      modelId,
      messages: prompt.messages,
      sampling: { ...agent.sampling, maxTokens: prompt.maxTokens },
      stop: input.stop ?? [],
      responseFormat: { type: 'text' },
      functions: withTools ? turn.functions : undefined,
      functionCall: forced ? 'required' : 'auto',
      origin: agent.id,
    };
    // A reply the store cannot keep (a full disk) ends now, as failed, instead of streaming on unsaved.
    const storage = new AbortController();
    let storageFailure: OutpostError | null = null;
    const buffer = new DeltaBuffer(this.d.conversations, message.id, this.d.clock, this.persistEveryMs, (error) => {
      if (error instanceof OutpostError && error.code === 'storage_error') {
        storageFailure ??= error;
        storage.abort(error);
      } else this.d.logger.warn('could not save part of a streaming reply', { error: String(error) });
    });
    const onDelta = (delta: string) => {
      buffer.push(delta);
      this.d.events({ type: 'token', round, messageId: message.id, delta });
    };
    const signal = AbortSignal.any([input.signal, storage.signal]);
    const failed = (code: ReplyErrorCode, text: string, content?: string) =>
      this.fail(message.id, code, text, content, buffer.text);
    const storageFailed = (failure: OutpostError): RoundOutcome => {
      const row = failed(failure.code, failure.message, buffer.text);
      return { kind: 'error', code: failure.code, message: failure.message, row };
    };
    try {
      const result = await this.d.lifecycle.generate(request, { signal, onDelta });
      if (storageFailure) return storageFailed(storageFailure);
      buffer.flush();
      this.addMetrics(turn, result.metrics);
      if (result.finishReason === 'aborted') {
        const row = failed('aborted', 'Stopped before the reply finished; the text is what was generated.');
        return { kind: 'aborted', text: result.text, row };
      }
      if (result.finishReason === 'error') {
        const row = failed('internal', 'The model stopped with an error.');
        return { kind: 'error', code: 'internal', message: 'The model stopped with an error.', row };
      }
      const calls = result.functionCalls;
      if (forced && calls.length === 0) {
        const row = failed('tool_call_cut_off', cutOffMessage(result.finishReason, request.sampling.maxTokens));
        return { kind: 'cut-call', row };
      }
      const stored = this.d.conversations.completeMessage(message.id, {
        content: result.text,
        metrics: result.metrics,
        functionCalls: calls.length > 0 ? calls.map((c) => ({ name: c.name, params: c.params })) : null,
        servedBy: result.servedBy,
      });
      const row = turnMessage(stored, buffer.text);
      if (calls.length > 0) return { kind: 'calls', calls, row };
      return { kind: 'answer', finishReason: result.finishReason === 'length' ? 'length' : 'stop', row };
    } catch (error) {
      if (storageFailure) return storageFailed(storageFailure);
      if (error instanceof OutpostError && error.code === 'storage_error') return storageFailed(error);
      // Whatever streamed so far stays in the record; the row says why it ended.
      this.safely(() => buffer.flush());
      if (input.signal.aborted) {
        return { kind: 'aborted', text: buffer.text, row: failed('aborted', 'Stopped before the reply finished.') };
      }
      const next = fallbackFor(turn, buffer.text, error);
      if (next) {
        try {
          await moveToFallback(this.d, turn, message.id, next, error);
          return { kind: 'moved' };
        } catch (moveError) {
          if (input.signal.aborted) {
            return { kind: 'aborted', text: '', row: failed('aborted', 'Stopped before the reply finished.') };
          }
          const info = errorInfo(moveError);
          return { kind: 'error', ...info, row: failed(info.code, info.message) };
        }
      }
      const info = errorInfo(error);
      return { kind: 'error', ...info, row: failed(info.code, info.message) };
    } finally {
      buffer.close();
    }
  }

  private async recall(agent: AgentDefinition, userText: string): Promise<string> {
    if (!this.d.facts || !agent.memory.enabled || agent.memory.maxRecalledFacts === 0) return '';
    try {
      return memoryBlock(await this.d.facts.recall(agent.id, userText, agent.memory.maxRecalledFacts));
    } catch (error) {
      this.d.logger.warn('memory recall failed; answering without it', { error: String(error) });
      return '';
    }
  }

  private saveCitations(conversationId: string, messageId: string): void {
    // A preview's messages are not stored, so neither are its citations; the answer itself still stands.
    this.safely(() => this.d.knowledge?.finishTurn(conversationId, messageId));
  }

  private aborted(userMessageId: string, messageId: string | null, text: string, row: TurnMessage | null): TurnResult {
    this.d.events({ type: 'aborted', messageId, text, row });
    return { status: 'aborted', userMessageId, messageId, error: null };
  }

  private addMetrics(turn: Turn, metrics: GenerationMetrics): void {
    turn.totals.rounds += 1;
    turn.totals.promptTokens += metrics.promptTokens;
    turn.totals.completionTokens += metrics.completionTokens;
    turn.totals.totalMs += metrics.totalMs;
  }

  /** Records why a reply ended; returns the row as stored (null when even that could not be written). */
  private fail(
    messageId: string,
    code: ReplyErrorCode,
    message: string,
    content: string | undefined,
    streamed: string,
  ): TurnMessage | null {
    // A dead worker cut the reply short like an app crash would: the partial text is kept as 'incomplete'.
    const status = code === 'worker_crashed' ? 'incomplete' : 'error';
    const row = this.safely(() => this.d.conversations.failMessage(messageId, { code, message }, status, content));
    return row ? turnMessage(row, streamed) : null;
  }

  /** A storage failure while recording a failure must not hide the original error. */
  private safely<T>(work: () => T): T | null {
    try {
      return work();
    } catch (error) {
      this.d.logger.error('could not persist the reply state', { error: String(error) });
      return null;
    }
  }
}

function joinBlocks(...blocks: string[]): string {
  return blocks.filter((b) => b !== '').join('\n\n');
}
