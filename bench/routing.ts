/**
 * bench routing: p50/p95 from `chat.send` to the team's `routed` event, through createCore and dispatch, for
 * teams of 3 and 8 members. Same run, same router model: the default router (one grammar-constrained member
 * number), the router with a reason (JSON {member, reason}: the shape every message paid for before), and the
 * embedding router (ONNX worker). Members run on a tiny model with a 1-token reply, so turns end quickly.
 * Router variants in the same run (BENCH_ROUTER_VARIANTS, "<vocabulary>@<threads>"): the same weights with the
 * tiny byte-level test vocabulary and with the real cl100k one, and the real one at 1 thread; then the message
 * cut (lastMessageTokens) on long messages per cl100k variant.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DEFAULT_LOAD_OPTIONS,
  type ChatEvent,
  type EventName,
  type EventPayload,
  type TurnEvent,
} from '../src-preload/contract';
import { makeTestModel, writeTestModel } from '../scripts/test-model/make-test-model';
import { TEST_VOCABULARIES, type TestVocabularyName } from '../scripts/test-model/tokenizer';
import { ROUTER_MESSAGE_TOKENS } from '../src-main/core/chat/teamRouter';
import { createCore, type Core } from '../src-main/core/createCore';
import { installTestEmbeddingModel } from '../src-main/core/memory/testing/memoryHarness';
import { modelsDirFor } from '../src-main/core/models/modelRegistry';
import type { EventSink } from '../src-main/core/ports';
import { createTestPorts, makeTempDir } from '../src-main/core/testing/testPorts';
import { machineHeader, percentile, publish, type Table } from './lib/report';
import { compareDecisionPaths, compareMessageCuts } from './lib/routerDecisions';
import { MESSAGES, PURPOSES } from './lib/routerFixtures';

const SHAPE = (process.env.BENCH_SHAPE ?? '0.5b') as '0.5b' | '1.5b' | 'tiny';
const THREADS = Number(process.env.BENCH_THREADS ?? os.availableParallelism());
const REPEATS = Number(process.env.BENCH_REPEATS ?? 15);
/** One router model load: a vocabulary and a thread count. The first variant also serves reason/embedding. */
interface Variant {
  readonly key: string;
  readonly vocabulary: TestVocabularyName;
  readonly threads: number;
  readonly modelId: string;
}
const VARIANTS: readonly Variant[] = (process.env.BENCH_ROUTER_VARIANTS ?? `cl100k@${THREADS},tiny@${THREADS},cl100k@1`)
  .split(',')
  .map((spec) => {
    const [vocabulary, threads] = spec.split('@') as [TestVocabularyName, string];
    if (!TEST_VOCABULARIES.includes(vocabulary) || !/^\d+$/.test(threads)) throw new Error(`bad variant ${spec}`);
    const key = `${vocabulary}@${threads}`;
    return { key, vocabulary, threads: Number(threads), modelId: `bench-router-${vocabulary}-t${threads}` };
  });
const MAIN = VARIANTS[0]!;
/** Message cuts tried on long messages (the default is ROUTER_MESSAGE_TOKENS). */
const CUTS = [12, 16, ROUTER_MESSAGE_TOKENS, 48];
const MEMBER_MODEL_ID = 'bench-member';
const ALL_MODES = ['label', 'reason', 'embedding'] as const;
type Mode = (typeof ALL_MODES)[number];
// BENCH_ROUTERS=label,embedding skips the slow reason JSON router (the speed-up column then reads NaN).
const MODES = ALL_MODES.filter((m) => (process.env.BENCH_ROUTERS ?? ALL_MODES.join(',')).split(',').includes(m));
const SIZES = [3, 8] as const;

class RoutedSink implements EventSink {
  readonly listeners = new Set<(event: ChatEvent, at: number) => void>();
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const at = performance.now();
    if (name === 'chat.event') for (const listener of this.listeners) listener(payload as ChatEvent, at);
  }
}

type RouterPhases = NonNullable<Extract<TurnEvent, { type: 'routed' }>['phases']>;
/** One message's time split: core before routing, the router's phases, and what is left (worker hop, events). */
type Split = RouterPhases & { beforeRouteMs: number; hopMs: number };
const PHASE_COLUMNS: [keyof Split, string][] = [
  ['beforeRouteMs', 'send → router (core)'],
  ['promptBuildMs', 'router prompt'],
  ['constraintMs', 'grammar'],
  ['renderMs', 'template + tokenize'],
  ['queueMs', 'queue'],
  ['cacheMs', 'prompt cache'],
  ['evalMs', 'eval → 1st token'],
  ['decodeMs', 'decode'],
  ['saveMs', 'state save'],
  ['hopMs', 'worker hop + events'],
  ['evaluatedTokens', 'tokens evaluated'],
];

function teamId(variant: Variant, mode: Mode, size: number): string {
  return `team-${variant.vocabulary}-t${variant.threads}-${mode}-${size}`;
}

/** The modes a variant runs: the default router everywhere; reason and embedding (model-independent) once. */
function modesOf(variant: Variant): Mode[] {
  return MODES.filter((mode) => mode === 'label' || variant === MAIN);
}

export async function main(): Promise<void> {
  const dataDir = makeTempDir('outpost-bench-routing-');
  const modelsDir = modelsDirFor(dataDir);
  fs.mkdirSync(modelsDir, { recursive: true });
  const routerFiles = new Map<TestVocabularyName, string>();
  for (const variant of VARIANTS) {
    if (!routerFiles.has(variant.vocabulary)) {
      console.log(`generating/using a ${SHAPE} Q8_0 router model with the ${variant.vocabulary} vocabulary...`);
      // Same seed: the same weights with either vocabulary (the embedding/output rows differ with its size).
      const file = await makeTestModel({ shape: SHAPE, type: 'Q8_0', seed: 7, vocabulary: variant.vocabulary });
      routerFiles.set(variant.vocabulary, file);
    }
    fs.linkSync(routerFiles.get(variant.vocabulary)!, path.join(modelsDir, `${variant.modelId}.gguf`));
  }
  await writeTestModel(path.join(modelsDir, `${MEMBER_MODEL_ID}.gguf`), { shape: 'tiny', seed: 3 });
  // The memory's embedding model (a generated MiniLM-shaped ONNX model) serves the embedding router.
  installTestEmbeddingModel(path.join(dataDir, 'embeddings'));

  const sink = new RoutedSink();
  const { ports } = createTestPorts(dataDir);
  const core: Core = await createCore({ ...ports, events: sink });
  const signal = new AbortController().signal;
  const call = async <T>(route: string, input: unknown): Promise<T> => {
    const reply = await core.dispatch({ route, input } as never, { signal });
    if (!reply.ok) throw new Error(`${route} failed: ${reply.error.code} ${reply.error.message}`);
    return reply.value as T;
  };
  // The default two sequences: each team's router prefix (3 and 8 members, messages alternate) stays evaluated in
  // its own sequence from one message to the next. BENCH_ROUTER_SEQUENCES=1 makes them share one (disk restores).
  const routerSequences = Number(process.env.BENCH_ROUTER_SEQUENCES ?? DEFAULT_LOAD_OPTIONS.parallelSequences);
  for (const variant of VARIANTS) {
    const routerOptions = {
      ...DEFAULT_LOAD_OPTIONS,
      threads: variant.threads,
      contextSize: 2048,
      parallelSequences: routerSequences,
    };
    await call('models.setLoadOptions', { id: variant.modelId, options: routerOptions });
    await call('models.load', { id: variant.modelId, options: routerOptions });
  }
  const memberOptions = { ...DEFAULT_LOAD_OPTIONS, threads: 1, contextSize: 1024, parallelSequences: 1 };
  await call('models.setLoadOptions', { id: MEMBER_MODEL_ID, options: memberOptions });
  for (let i = 0; i < PURPOSES.length; i++) {
    await call('agents.create', {
      definition: {
        id: `member-${i + 1}`,
        name: `Desk ${i + 1}`,
        avatar: { symbol: 'D', colour: '#223344' },
        systemPrompt: 'Answer briefly.',
        model: { preferred: MEMBER_MODEL_ID },
        sampling: { maxTokens: 1, temperature: 0 },
      },
    });
  }
  const teams: { id: string; variant: Variant; mode: Mode; size: number }[] = [];
  for (const variant of VARIANTS)
    for (const mode of modesOf(variant))
      for (const size of SIZES) teams.push({ id: teamId(variant, mode, size), variant, mode, size });
  for (const { id, variant, mode, size } of teams) {
    await call('agents.create', {
      definition: {
        id,
        name: `Desk team ${size}`,
        avatar: { symbol: 'T', colour: '#334455' },
        kind: 'team',
        systemPrompt: 'Pick the desk whose purpose best matches the customer message.',
        model: { preferred: variant.modelId },
        team: {
          routerModel: variant.modelId,
          members: PURPOSES.slice(0, size).map((purpose, i) => ({ agentId: `member-${i + 1}`, purpose })),
          router: { mode: mode === 'embedding' ? 'embedding' : 'model', reason: mode === 'reason' },
        },
      },
    });
  }

  /** Sends one message and resolves with ms to `routed` once the turn has ended. */
  const sendOne = async (
    conversationId: string,
    text: string,
  ): Promise<{ ms: number; via?: string; split?: Split }> => {
    let routedAt = Number.NaN;
    let via: string | undefined;
    let routed: Extract<TurnEvent, { type: 'routed' }> | undefined;
    const ended = new Promise<void>((resolve) => {
      const listener = (e: ChatEvent, at: number) => {
        if (e.conversationId !== conversationId) return;
        if (e.event.type === 'routed') {
          routedAt = at;
          via = e.event.via;
          routed = e.event;
        }
        if (e.event.type === 'done' || e.event.type === 'error' || e.event.type === 'aborted') {
          sink.listeners.delete(listener);
          resolve();
        }
      };
      sink.listeners.add(listener);
    });
    const started = performance.now();
    await call('chat.send', { conversationId, text });
    await ended;
    const ms = routedAt - started;
    const phases = routed?.phases;
    const decisionMs = routed?.decisionMs ?? Number.NaN;
    const worker = phases
      ? phases.constraintMs +
        phases.renderMs +
        phases.queueMs +
        phases.cacheMs +
        phases.evalMs +
        phases.decodeMs +
        phases.saveMs
      : 0;
    const split = phases
      ? { ...phases, beforeRouteMs: ms - decisionMs, hopMs: decisionMs - phases.promptBuildMs - worker }
      : undefined;
    return { ms, ...(via ? { via } : {}), ...(split ? { split } : {}) };
  };

  const samples = new Map<string, number[]>();
  const cold = new Map<string, number>();
  const vias = new Map<string, Set<string>>();
  const splits = new Map<string, Split[]>();
  const conversations = new Map<string, string>();
  for (const { id } of teams) {
    conversations.set(id, (await call<{ id: string }>('conversations.create', { agentId: id })).id);
    samples.set(id, []);
    splits.set(id, []);
    vias.set(id, new Set());
  }
  // One router variant after the other (the first decision after another router model ran pays seconds of
  // switching here), round-robin over its teams so noise spreads evenly; a team's first message is its cold start.
  for (const variant of VARIANTS)
    for (let round = 0; round <= REPEATS; round++) {
      for (const { id, size } of teams.filter((team) => team.variant === variant)) {
        const text = `${MESSAGES[(round * 3 + size) % MESSAGES.length]} (ref ${1000 + round})`;
        const { ms, via, split } = await sendOne(conversations.get(id)!, text);
        if (via) vias.get(id)!.add(via);
        if (round === 0) cold.set(id, ms);
        else {
          samples.get(id)!.push(ms);
          if (split) splits.get(id)!.push(split);
        }
      }
    }
  const decisions = await compareDecisionPaths(call, MAIN, SIZES, REPEATS);
  const cuts = await compareMessageCuts(
    call,
    VARIANTS.filter((v) => v.vocabulary !== 'tiny'),
    CUTS,
    REPEATS,
  );
  await core.dispose();
  fs.rmSync(dataDir, { recursive: true, force: true });

  const label: Record<Mode, string> = {
    label: 'member number (default)',
    reason: 'number + reason JSON (old router shape)',
    embedding: 'embedding router (ONNX)',
  };
  const rows: (string | number)[][] = [];
  for (const size of SIZES) {
    const baseline = percentile(samples.get(teamId(MAIN, 'reason', size)) ?? [], 50);
    for (const team of teams.filter((t) => t.size === size)) {
      const values = samples.get(team.id)!;
      const p50 = percentile(values, 50);
      const tokens = splits.get(team.id)!.map((split) => split.evaluatedTokens);
      rows.push([
        size,
        team.mode === 'embedding' ? '—' : team.variant.key,
        label[team.mode],
        [...vias.get(team.id)!].join(',') || '—',
        p50,
        percentile(values, 95),
        cold.get(team.id)!,
        tokens.length > 0 ? percentile(tokens, 50) : '—',
        baseline / p50,
      ]);
    }
  }
  const table: Table = {
    title: `chat.send → routed (ms, ${REPEATS} messages per team after a cold first one)`,
    columns: [
      'members',
      'vocabulary@threads',
      'router',
      'via',
      'p50 ms',
      'p95 ms',
      'cold first ms',
      'tokens evaluated',
      'speed-up vs reason JSON',
    ],
    rows,
  };
  const phaseRows: (string | number)[][] = [];
  for (const size of SIZES)
    for (const team of teams.filter((t) => t.size === size)) {
      const values = splits.get(team.id)!;
      if (values.length === 0) continue;
      phaseRows.push([
        size,
        team.variant.key,
        label[team.mode],
        ...PHASE_COLUMNS.map(([key]) =>
          percentile(
            values.map((v) => v[key]),
            50,
          ),
        ),
      ]);
    }
  const phaseTable: Table = {
    title: 'where a model-router decision goes (median ms per phase; worker phases from the reply)',
    columns: ['members', 'vocabulary@threads', 'router', ...PHASE_COLUMNS.map(([, name]) => name)],
    rows: phaseRows,
  };
  publish(
    'routing',
    machineHeader({
      backend: 'cpu',
      router: `${SHAPE} Q8_0 (${[...routerFiles.values()].map((f) => path.basename(f)).join(', ')}), ${routerSequences} sequence(s)`,
      variants: VARIANTS.map((v) => v.key).join(', '),
      load: os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' '),
    }),
    [table, phaseTable, decisions.table, cuts.table],
    {
      samples: Object.fromEntries(samples),
      cold: Object.fromEntries(cold),
      splits: Object.fromEntries(splits),
      decisions: decisions.raw,
      cuts: cuts.raw,
    },
  );
}
