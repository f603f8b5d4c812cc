/**
 * The full agent path as the app runs it: createCore (plain Node), an agent over dispatch, chat.send, the
 * runtime, SQLite persistence of both messages and chat.event streaming. Timed from chat.send to the first
 * text delta (chat.delta), and to 'done'.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_LOAD_OPTIONS, type ChatEvent, type EventName, type EventPayload } from '../../src-preload/contract';
import { createCore, type Core } from '../../src-main/core/createCore';
import { modelsDirFor } from '../../src-main/core/models/modelRegistry';
import type { EventSink } from '../../src-main/core/ports';
import { createTestPorts, makeTempDir } from '../../src-main/core/testing/testPorts';
import type { RunMetrics } from './bareLlama';

const MODEL_ID = 'bench-agent-model';
const AGENT_ID = 'bench-agent';

class ListeningSink implements EventSink {
  readonly listeners = new Set<(event: ChatEvent) => void>();
  /** Conversations whose first text has arrived, with when. */
  readonly firstText = new Map<string, number>();
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    if (name === 'chat.delta') {
      const { conversationId } = payload as EventPayload<'chat.delta'>;
      if (!this.firstText.has(conversationId)) this.firstText.set(conversationId, performance.now());
    }
    if (name === 'chat.event') for (const listener of this.listeners) listener(payload as ChatEvent);
  }
}

export interface AgentPath {
  run(prompt: string): Promise<RunMetrics>;
  dispose(): Promise<void>;
}

export async function openAgentPath(o: {
  modelPath: string;
  workerPath: string;
  threads: number;
  contextSize: number;
  maxTokens: number;
}): Promise<AgentPath> {
  const dataDir = makeTempDir('outpost-bench-agent-');
  const modelFile = path.join(modelsDirFor(dataDir), `${MODEL_ID}.gguf`);
  fs.mkdirSync(path.dirname(modelFile), { recursive: true });
  fs.linkSync(o.modelPath, modelFile); // same temp filesystem: no 360 MB copy
  const sink = new ListeningSink();
  const { ports } = createTestPorts(dataDir);
  const core: Core = await createCore({
    ...ports,
    events: sink,
    workers: { ...ports.workers, inference: { modulePath: o.workerPath } },
  });
  const signal = new AbortController().signal;
  const call = async <T>(route: string, input: unknown): Promise<T> => {
    const reply = await core.dispatch({ route, input } as never, { signal });
    if (!reply.ok) throw new Error(`${route} failed: ${reply.error.code} ${reply.error.message}`);
    return reply.value as T;
  };
  const options = { ...DEFAULT_LOAD_OPTIONS, threads: o.threads, contextSize: o.contextSize, parallelSequences: 1 };
  await call('models.setLoadOptions', { id: MODEL_ID, options });
  await call('models.load', { id: MODEL_ID, options });
  await call('agents.create', {
    definition: {
      id: AGENT_ID,
      name: 'Bench',
      avatar: { symbol: 'B', colour: '#112233' },
      systemPrompt: 'You help.',
      model: { preferred: MODEL_ID },
      sampling: { maxTokens: o.maxTokens, temperature: 0 },
    },
  });

  const run = async (prompt: string): Promise<RunMetrics> => {
    const { id: conversationId } = await call<{ id: string }>('conversations.create', { agentId: AGENT_ID });
    const started = performance.now();
    const finished = new Promise<ChatEvent['event']>((resolve) => {
      const listener = (e: ChatEvent) => {
        if (e.conversationId !== conversationId) return;
        if (e.event.type === 'done' || e.event.type === 'error' || e.event.type === 'aborted') {
          sink.listeners.delete(listener);
          resolve(e.event);
        }
      };
      sink.listeners.add(listener);
    });
    const { turnId } = await call<{ turnId: string }>('chat.send', { conversationId, text: prompt });
    const end = await finished;
    const ended = performance.now();
    if (end.type !== 'done' || !end.row.metrics) throw new Error(`agent turn ${turnId} ended with ${end.type}`);
    const m = end.row.metrics;
    const ttftMs = (sink.firstText.get(conversationId) ?? Number.NaN) - started;
    return {
      ttftMs,
      promptTokens: m.promptTokens,
      completionTokens: m.completionTokens,
      promptTokensPerSecond: m.promptTokensPerSecond ?? Number.NaN,
      generationTokensPerSecond: m.generationTokensPerSecond ?? Number.NaN,
      totalMs: ended - started,
    };
  };

  return {
    run,
    async dispose() {
      await core.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
