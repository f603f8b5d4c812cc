/**
 * One node-llama-cpp engine in its own process (two builds of libllama cannot share one). Measures what
 * llama-bench measures: pp = one batch of N prompt tokens, tg = N single-token decodes from an empty
 * sequence, greedy. Configured by env: BENCH_MODEL, BENCH_THREADS, BENCH_ENGINE (stock | local).
 */
import { getLlama, LlamaLogLevel, type Token } from 'node-llama-cpp';

export type EngineRequest = { type: 'pp' | 'tg'; tokens: number } | { type: 'exit' };
export type EngineReply =
  | { type: 'ready'; buildType: string; threads: number; loadMs: number }
  | { type: 'result'; ms: number; tokens: number }
  | { type: 'error'; message: string };

const send = (message: EngineReply) => process.send?.(message);

async function main(): Promise<void> {
  const modelPath = process.env.BENCH_MODEL!;
  const threads = Number(process.env.BENCH_THREADS);
  const stock = process.env.BENCH_ENGINE === 'stock';
  const llama = await getLlama({
    gpu: false,
    build: 'never',
    skipDownload: true,
    progressLogs: false,
    logLevel: LlamaLogLevel.error,
    // A custom cmake option changes the local-build folder name, so only the stock prebuilt can match.
    ...(stock ? { cmakeOptions: { OUTPOST_BENCH_STOCK: '1' } } : {}),
  });
  const wanted = stock ? 'prebuilt' : 'localBuild';
  if (llama.buildType !== wanted) throw new Error(`expected a ${wanted} binary, got ${llama.buildType}`);
  llama.maxThreads = threads;
  const started = performance.now();
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ contextSize: 2048, batchSize: 512, threads, flashAttention: true });
  const loadMs = performance.now() - started;
  const sequence = context.getSequence();
  const text = 'Offline models run on laptops, phones and small servers without a network. '.repeat(64);
  const source = model.tokenize(text);
  const tokensOf = (n: number): Token[] => Array.from({ length: n }, (_, i) => source[i % source.length]!);

  const generate = async (count: number) => {
    let decoded = 0;
    if (count > 0)
      // yieldEogToken: keep decoding past an end token, as llama-bench does (random weights emit them).
      for await (const token of sequence.evaluate(tokensOf(1), { temperature: 0, yieldEogToken: true })) {
        void token;
        if (++decoded >= count) break;
      }
  };
  // One-shot mode (under strace, no IPC): load, warm up, decode BENCH_ONESHOT_TG tokens, exit.
  if (process.env.BENCH_ONESHOT_TG !== undefined) {
    await generate(4);
    await sequence.clearHistory();
    await generate(Number(process.env.BENCH_ONESHOT_TG));
    await context.dispose();
    await model.dispose();
    await llama.dispose();
    return;
  }
  send({ type: 'ready', buildType: llama.buildType, threads: context.currentThreads, loadMs });
  process.on('message', (raw: EngineRequest) => {
    void (async () => {
      if (raw.type === 'exit') {
        await context.dispose();
        await model.dispose();
        await llama.dispose();
        process.exit(0);
      }
      await sequence.clearHistory();
      const begun = performance.now();
      if (raw.type === 'pp') {
        await sequence.evaluateWithoutGeneratingNewTokens(tokensOf(raw.tokens));
      } else {
        await generate(raw.tokens);
      }
      send({ type: 'result', ms: performance.now() - begun, tokens: raw.tokens });
    })().catch((error: unknown) => send({ type: 'error', message: String(error) }));
  });
}

main().catch((error: unknown) => {
  send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
