/**
 * The router's decision alone, through `inference.generate`: scored vs grammar paths, and the message cut on long
 * messages. Used by bench/routing.ts beside its chat.send → routed timings.
 */
import { labelGrammar, ROUTER_MESSAGE_TOKENS, routerLabels } from '../../src-main/core/chat/teamRouter';
import { LONG_MESSAGES, MESSAGES, PURPOSES } from './routerFixtures';
import { percentile, type Table } from './report';

/** The fields of a router model load these tables need. */
export interface RouterVariant {
  readonly key: string;
  readonly vocabulary: string;
  readonly modelId: string;
}

export type Call = <T>(route: string, input: unknown) => Promise<T>;
interface Decision {
  text: string;
  metrics: { promptTokens: number };
  phases?: { evalMs: number };
}

/** One router decision through `inference.generate`: scored from one forward pass, or under the label grammar. */
function decide(
  call: Call,
  request: {
    requestId: string;
    modelId: string;
    system: string;
    text: string;
    labels: string[];
    cut: number;
    scored: boolean;
  },
): Promise<Decision> {
  return call<Decision>('inference.generate', {
    requestId: request.requestId,
    modelId: request.modelId,
    messages: [
      { role: 'system', content: request.system },
      { role: 'user', content: request.text },
    ],
    sampling: { temperature: 0, maxTokens: 1 },
    responseFormat: { type: 'grammar', gbnf: labelGrammar(request.labels) },
    saveTurnState: false,
    lastMessageTokens: request.cut,
    ...(request.scored ? { choices: request.labels } : {}),
  });
}

/**
 * Same run, same router model and prompt shape: the decision scored from one forward pass (`choices`, the
 * default) against the same request generated under the label grammar (LlamaChat, sampler, predictor), through
 * `inference.generate`. The two paths alternate message by message, each on a message the other never saw.
 */
export async function compareDecisionPaths(
  call: Call,
  variant: RouterVariant,
  sizes: readonly number[],
  repeats: number,
): Promise<{ table: Table; raw: unknown }> {
  const rows: (string | number)[][] = [];
  const raw: Record<string, { scored: number[]; grammar: number[]; scoredEval: number[]; grammarEval: number[] }> = {};
  for (const size of sizes) {
    const labels = routerLabels(size);
    const system = routerSystemPrompt(size);
    const runs = {
      scored: [] as number[],
      grammar: [] as number[],
      scoredEval: [] as number[],
      grammarEval: [] as number[],
    };
    let tokens = 0;
    for (let round = 0; round <= repeats; round++) {
      for (const scored of [true, false]) {
        const text = `${MESSAGES[(round * 2 + (scored ? 0 : 1)) % MESSAGES.length]} (ref ${2000 + round})`;
        const started = performance.now();
        const result = await decide(call, {
          requestId: `decide-${size}-${round}-${scored ? 's' : 'g'}`,
          modelId: variant.modelId,
          system,
          text,
          labels,
          cut: ROUTER_MESSAGE_TOKENS,
          scored,
        });
        const ms = performance.now() - started;
        if (!labels.includes(result.text))
          throw new Error(`decision outside the labels: ${JSON.stringify(result.text)}`);
        if (round === 0) continue; // the first of each path may restore or evaluate the system prefix
        tokens = Math.max(tokens, result.metrics.promptTokens);
        (scored ? runs.scored : runs.grammar).push(ms);
        (scored ? runs.scoredEval : runs.grammarEval).push(result.phases?.evalMs ?? Number.NaN);
      }
    }
    raw[String(size)] = runs;
    const scoredP50 = percentile(runs.scored, 50);
    const grammarP50 = percentile(runs.grammar, 50);
    rows.push([
      size,
      scoredP50,
      grammarP50,
      percentile(runs.scoredEval, 50),
      percentile(runs.grammarEval, 50),
      tokens,
      grammarP50 / scoredP50,
    ]);
  }
  return {
    table: {
      title: `the decision alone (inference.generate, ${variant.key}): scored from one forward pass vs label grammar`,
      columns: [
        'members',
        'scored p50 ms',
        'grammar p50 ms',
        'scored eval ms',
        'grammar eval ms',
        'tokens',
        'grammar / scored',
      ],
      rows,
    },
    raw,
  };
}

export function routerSystemPrompt(size: number): string {
  const labels = routerLabels(size);
  return [
    'Pick the desk whose purpose best matches the customer message.',
    'Team members (number: purpose):',
    ...PURPOSES.slice(0, size).map((purpose, i) => `${labels[i]}: ${purpose} (Desk ${i + 1})`),
    'Answer with the number of the member only.',
  ].join('\n');
}

/**
 * The message cut on long messages (several sentences), per cl100k variant: scored decisions of the 3-member
 * router with lastMessageTokens of cuts, round-robin so load affects every cut alike.
 */
export async function compareMessageCuts(
  call: Call,
  variants: readonly RouterVariant[],
  cuts: readonly number[],
  repeats: number,
): Promise<{ table: Table; raw: unknown }> {
  const labels = routerLabels(3);
  const system = routerSystemPrompt(3);
  const runs = new Map<string, { ms: number[]; tokens: number[]; picks: string[] }>();
  for (const variant of variants)
    for (const cut of cuts) runs.set(`${variant.key}/${cut}`, { ms: [], tokens: [], picks: [] });
  // Variant by variant (see the main loop), round-robin over the cuts.
  for (const variant of variants)
    for (let round = 0; round <= repeats; round++) {
      for (const [index, cut] of cuts.entries()) {
        // A distinct number first: the next request must not reuse this message's tokens from the sequence.
        const number = 3000 + round * cuts.length + index;
        const text = `Ticket ${number}: ${LONG_MESSAGES[(round + index) % LONG_MESSAGES.length]}`;
        const started = performance.now();
        const result = await decide(call, {
          requestId: `cut-${variant.key}-${cut}-${round}`,
          modelId: variant.modelId,
          system,
          text,
          labels,
          cut,
          scored: true,
        });
        const ms = performance.now() - started;
        if (round === 0) continue; // the first may restore or evaluate the system prefix
        const run = runs.get(`${variant.key}/${cut}`)!;
        run.ms.push(ms);
        run.tokens.push(result.metrics.promptTokens);
        run.picks.push(result.text);
      }
    }
  const rows: (string | number)[][] = [];
  for (const variant of variants)
    for (const cut of cuts) {
      const run = runs.get(`${variant.key}/${cut}`)!;
      const p50 = percentile(run.ms, 50);
      const tokens = percentile(run.tokens, 50);
      rows.push([variant.key, cut, p50, percentile(run.ms, 95), tokens, p50 / tokens]);
    }
  return {
    table: {
      title: 'message cut on long messages (3 members, scored, inference.generate)',
      columns: ['vocabulary@threads', 'lastMessageTokens', 'p50 ms', 'p95 ms', 'tokens evaluated', 'ms per token'],
      rows,
    },
    raw: Object.fromEntries(runs),
  };
}
