/**
 * Paired A/B of the patched engine's token loop modes in ONE process (what bench/engine cannot separate on a
 * busy machine): blocks of greedy tokens, modes rotated block by block, per generated token the wall time, the
 * process's CPU time and its thread hand-offs (voluntary context switches summed over /proc/self/task).
 *   npx tsx bench/lib/tokenLoopAB.ts MODEL.gguf [blocks=12] [tokens=32]   (BENCH_THREADS, default all cores)
 */
import fs from 'node:fs';
import os from 'node:os';
import { getLlama, LlamaLogLevel, type Token } from 'node-llama-cpp';
import { percentile } from './report';

const MODES = {
  ahead: { NODE_LLAMA_CPP_TOKEN_LOOP: '1', NODE_LLAMA_CPP_TOKEN_LOOP_AHEAD: '1' },
  'lock-step': { NODE_LLAMA_CPP_TOKEN_LOOP: '1', NODE_LLAMA_CPP_TOKEN_LOOP_AHEAD: '0' },
  off: { NODE_LLAMA_CPP_TOKEN_LOOP: '0', NODE_LLAMA_CPP_TOKEN_LOOP_AHEAD: '1' },
} as const;
type Mode = keyof typeof MODES;

function voluntarySwitches(): number {
  let total = 0;
  for (const task of fs.readdirSync('/proc/self/task')) {
    try {
      const status = fs.readFileSync(`/proc/self/task/${task}/status`, 'utf8');
      total += Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      // the thread left between readdir and read
    }
  }
  return total;
}

async function main() {
  const [modelPath, blocksArg, tokensArg] = process.argv.slice(2);
  if (!modelPath) throw new Error('usage: tokenLoopAB.ts MODEL.gguf [blocks] [tokens]');
  const blocks = Number(blocksArg ?? 12);
  const tokens = Number(tokensArg ?? 32);
  const threads = Number(process.env.BENCH_THREADS ?? os.availableParallelism());
  const llama = await getLlama({ gpu: false, build: 'never', skipDownload: true, logLevel: LlamaLogLevel.error });
  if (llama.buildType !== 'localBuild')
    throw new Error(`the patched local build is not installed (${llama.buildType})`);
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ contextSize: 2048, batchSize: 512, threads, flashAttention: true });
  const sequence = context.getSequence();
  const first = model.tokenize('Offline models run on laptops')[0]!;

  const generate = async (count: number) => {
    let n = 0;
    for await (const token of sequence.evaluate([first], { temperature: 0, yieldEogToken: true })) {
      void (token satisfies Token);
      if (++n >= count) break;
    }
  };
  const samples: Record<Mode, { wall: number; cpu: number; switches: number }[]> = {
    ahead: [],
    'lock-step': [],
    off: [],
  };
  const modes = Object.keys(MODES) as Mode[];
  for (const mode of modes) {
    Object.assign(process.env, MODES[mode]);
    await sequence.clearHistory();
    await generate(8); // warm-up
  }
  for (let block = 0; block < blocks; block++) {
    for (let i = 0; i < modes.length; i++) {
      const mode = modes[(i + block) % modes.length]!;
      Object.assign(process.env, MODES[mode]);
      await sequence.clearHistory();
      const switches = voluntarySwitches();
      const cpu = process.cpuUsage();
      const started = performance.now();
      await generate(tokens + 1); // the first token comes from the 1-token prompt decode, the same in every mode
      const wall = performance.now() - started;
      const used = process.cpuUsage(cpu);
      samples[mode].push({
        wall: wall / tokens,
        cpu: (used.user + used.system) / 1000 / tokens,
        switches: (voluntarySwitches() - switches) / tokens,
      });
    }
  }
  const p50 = (values: number[]) => percentile(values, 50);
  console.log(
    `${modelPath}: ${blocks} blocks × ${tokens} tokens per mode, ${threads} threads, load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  for (const mode of modes) {
    const rows = samples[mode];
    const ratios = rows.map((row, i) => row.wall / samples.off[i]!.wall);
    console.log(
      `${mode.padEnd(10)} wall ${p50(rows.map((r) => r.wall)).toFixed(2)} ms/token (vs off, paired p50 ${p50(ratios).toFixed(3)}), ` +
        `cpu ${p50(rows.map((r) => r.cpu)).toFixed(2)} ms, hand-offs ${p50(rows.map((r) => r.switches)).toFixed(2)}`,
    );
  }
  await context.dispose();
  await model.dispose();
  await llama.dispose();
}

await main();
