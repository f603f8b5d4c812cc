/**
 * bench knowledge: (1) indexing a generated corpus (≥ 2,000 pages: Markdown, text, HTML, CSV and 5-page PDFs)
 * through the real service (parser thread, chunker with the model's tokenizer, SQLite, embeddings worker) as a
 * ratio to the worker embedding the same chunk texts alone (target ≤ 1.25), with a random-weight model of the
 * default catalog embedder's real shape (all-MiniLM-L6-v2) and with the tiny generated one; (2) re-indexing after one file of the
 * base changed (target ≤ 1 s); (3) keyword recall@5 on questions whose answer word occurs in exactly one chunk
 * (target ≥ 0.95); (4) hybrid search p95 at 200k chunks (target ≤ 50 ms).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeBertOnnx } from '../scripts/lib/onnx/makeBertOnnx';
import { makeTestOnnx } from '../scripts/lib/onnx/makeTestOnnx';
import { SeededRandom } from '../scripts/test-model/seeded-random';
import { createConsoleLogger } from '../src-main/core/consoleLogger';
import { EmbeddingsClient } from '../src-main/core/embeddings/embeddingsClient';
import type { EmbeddingModelSpec } from '../src-main/core/embeddings/protocol';
import { KnowledgeService } from '../src-main/core/knowledge/knowledgeService';
import { writePdf } from '../src-main/core/knowledge/testing/makeDocuments';
import { forkSpawner } from '../src-main/core/process/forkSpawner';
import { openDatabase } from '../src-main/core/storage/openDatabase';
import { migrations } from '../src-main/core/storage/schema';
import { makeTempDir } from '../src-main/core/testing/testPorts';
import { machineHeader, percentile, publish, type Table } from './lib/report';

const FILES = Number(process.env.BENCH_KNOWLEDGE_FILES ?? 2000);
const PDF_EVERY = 50; // one file in 50 is a 5-page PDF
const BIG_CHUNKS = Number(process.env.BENCH_KNOWLEDGE_CHUNKS ?? 200_000);
const QUERIES = Number(process.env.BENCH_KNOWLEDGE_QUERIES ?? 200);
const DIMS = 384;
// 0 skips the real-shape indexing run (profiling the pipeline's own overhead on the tiny model).
const REAL_SHAPE = process.env.BENCH_KNOWLEDGE_REAL_SHAPE !== '0';
const VOCAB = Array.from({ length: 3000 }, (_, i) => `term${i}`);
const WORKER = fileURLToPath(new URL('../src-main/core/embeddings/worker/main.ts', import.meta.url));
const PARSER = fileURLToPath(new URL('../src-main/core/knowledge/parse/parseWorker.ts', import.meta.url));

function sentence(random: SeededRandom, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(VOCAB[Math.floor(VOCAB.length * random.next() ** 2)]!);
  return `${out.join(' ')}.`;
}

/** Paragraphs of filler with the file's answer word in one sentence; returns the page count. */
async function writeFile(dir: string, i: number, random: SeededRandom): Promise<number> {
  const answer = `answer${i}x`;
  const para = (n: number) => Array.from({ length: n }, () => sentence(random, 12)).join(' ');
  const kind = i % PDF_EVERY === 0 ? 'pdf' : ['md', 'txt', 'html', 'csv'][i % 4]!;
  const file = path.join(dir, `group${i % 20}`, `doc${i}.${kind}`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (kind === 'pdf') {
    const pages = Array.from({ length: 5 }, (_, p) => (p === 2 ? `${para(3)} The ${answer} is here.` : para(4)));
    await writePdf(file, pages);
    return 5;
  }
  if (kind === 'md')
    fs.writeFileSync(file, `# Doc ${i}\n\n${para(4)}\n\n## Part\n\n${para(2)} The ${answer} is here.\n`);
  if (kind === 'txt') fs.writeFileSync(file, `${para(4)}\n\n${para(2)} The ${answer} is here.\n`);
  if (kind === 'html') fs.writeFileSync(file, `<h1>Doc ${i}</h1><p>${para(4)}</p><p>The ${answer} is here.</p>`);
  if (kind === 'csv') {
    const rows = Array.from({ length: 20 }, (_, r) => `${r},${sentence(random, 6).replace(/[.,]/g, '')}`);
    fs.writeFileSync(file, `id,text\n${rows.join('\n')}\n99,the ${answer} is here\n`);
  }
  return 1;
}

function service(dbFile: string, embeddings: EmbeddingsClient, spec: EmbeddingModelSpec, folder: string) {
  const logger = createConsoleLogger('error');
  const { db } = openDatabase(dbFile, migrations, logger);
  const knowledge = new KnowledgeService({
    db,
    embeddings,
    embedder: () => ({ spec, dimensions: DIMS }),
    grantedFolders: () => [folder, os.tmpdir()],
    parserEntry: { modulePath: PARSER, register: 'tsx/esm/api' },
    logger,
    clock: { now: Date.now },
  });
  return { db, knowledge };
}

/** CPU ms a child process has used (Linux /proc, 100 ticks/s); null elsewhere. */
function childCpuMs(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime
  } catch {
    return null;
  }
}

/** CPU ms of this process (main + parser thread) and of the embeddings worker, for a load-insensitive ratio. */
function cpuMs(embeddings: EmbeddingsClient): number | null {
  const worker = childCpuMs(embeddings.status().pid);
  const own = process.cpuUsage();
  return worker === null ? null : worker + (own.user + own.system) / 1000;
}

function unitVector(random: SeededRandom): Float32Array {
  const v = new Float32Array(DIMS);
  random.fillUniform(v, 1);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

export async function main(): Promise<void> {
  const logger = createConsoleLogger('error');
  const modelDir = makeTempDir('outpost-bench-knowledge-model-');
  const model = makeTestOnnx({
    dir: path.join(modelDir, 'bench-minilm'),
    dim: DIMS,
    words: VOCAB,
    seed: 3,
    maxLength: 256,
  });
  const spec: EmbeddingModelSpec = {
    kind: 'onnx',
    key: 'onnx:bench-minilm',
    name: 'bench-minilm',
    modelPath: model.modelPath,
    tokenizerPath: model.tokenizerPath,
    maxLength: 256,
  };
  const embeddings = new EmbeddingsClient({
    spawner: forkSpawner,
    worker: { modulePath: WORKER, execArgv: ['--import', 'tsx'] },
    logger,
  });
  const random = new SeededRandom(17);
  const folder = makeTempDir('outpost-bench-knowledge-docs-');
  let pages = 0;
  for (let i = 0; i < FILES; i++) pages += await writeFile(folder, i, random);
  const tables: Table[] = [];
  const raw: Record<string, unknown> = { files: FILES, pages };
  try {
    // (1) Indexing vs the worker alone on the same chunk texts: first with a random-weight model of the real
    // all-MiniLM-L6-v2 shape (the worker throughput users get), then with the tiny generated model (a lower bound
    // on the worker's time, so parsing + chunking + storage show most); sections 2–4 run on the tiny model's base.
    const indexRows: (string | number)[][] = [];
    let chunkCount = 0;
    const indexed = async (label: string, model: EmbeddingModelSpec) => {
      await embeddings.embed(model, ['warm the worker up']);
      const run = service(path.join(makeTempDir('outpost-bench-kdb-'), 'k.db'), embeddings, model, folder);
      await run.knowledge.embedderChanged();
      // The embeddings worker is warm (model loaded) for the baseline; start the parser thread likewise (its
      // parsers and the tokenizer load on first use) with a small base of each format, then forget that base.
      const warmFolder = makeTempDir('outpost-bench-knowledge-warm-');
      for (let i = 0; i < 5; i++) await writeFile(warmFolder, i * PDF_EVERY + (i % 4), new SeededRandom(i));
      const warm = run.knowledge.create('Warm-up', [{ kind: 'folder', path: warmFolder }]);
      await run.knowledge.idle();
      await run.knowledge.delete(warm.id);
      let cpuBegin = cpuMs(embeddings);
      let begin = performance.now();
      const created = run.knowledge.create('Bench', [{ kind: 'folder', path: folder }]);
      await run.knowledge.idle();
      const indexMs = performance.now() - begin;
      const indexCpu = cpuBegin === null ? null : cpuMs(embeddings)! - cpuBegin;
      const counts = run.knowledge.get(created.id).counts;
      if (counts.indexed !== FILES) throw new Error(`${label}: indexed ${counts.indexed} of ${FILES} files`);
      const rows = run.db.prepare('SELECT text, tokens FROM knowledge_chunks ORDER BY id').all() as {
        text: string;
        tokens: number;
      }[];
      const texts = rows.map((r) => r.text);
      cpuBegin = cpuMs(embeddings);
      begin = performance.now();
      await embeddings.embed(model, texts);
      const embedMs = performance.now() - begin;
      const embedCpu = cpuBegin === null ? null : cpuMs(embeddings)! - cpuBegin;
      // CPU seconds of every bench process barely move with machine load, unlike wall time; on 2 idle cores the
      // parser overlaps the worker, so the idle wall ratio is at most this.
      const cpuRatio = indexCpu !== null && embedCpu !== null ? indexCpu / embedCpu : 'n/a';
      const tokens = rows.reduce((sum, r) => sum + r.tokens, 0);
      chunkCount = texts.length;
      indexRows.push([
        label,
        indexMs / 1000,
        embedMs / 1000,
        indexMs / embedMs,
        Math.round(FILES / (indexMs / 1000)),
        Math.round(texts.length / (indexMs / 1000)),
        Math.round(tokens / texts.length),
        cpuRatio,
      ]);
      raw[label] = { indexMs, embedMs, indexCpu, embedCpu, chunks: texts.length, tokens };
      console.log(
        `indexing (${label}): ${(indexMs / 1000).toFixed(1)} s, worker alone ${(embedMs / 1000).toFixed(1)} s`,
      );
      return { ...run, baseId: created.id };
    };
    if (REAL_SHAPE) {
      const minilm = makeBertOnnx({ dir: path.join(modelDir, 'bench-minilm-l6-shape'), words: VOCAB, maxLength: 256 });
      const realShape: EmbeddingModelSpec = {
        kind: 'onnx',
        key: 'onnx:bench-minilm-l6-shape',
        name: 'bench-minilm-l6-shape',
        modelPath: minilm.modelPath,
        tokenizerPath: minilm.tokenizerPath,
        maxLength: 256,
      };
      const real = await indexed('MiniLM-L6 shape (6 × 384, FFN 1536, 12 heads, 30,522 vocab)', realShape);
      await real.knowledge.dispose();
      real.db.close();
    }
    const { db, knowledge, baseId } = await indexed('tiny generated model (embedding table + 1 projection)', spec);
    const base = { id: baseId };
    tables.push({
      title: `Indexing ${FILES} files (${pages} pages, ${chunkCount} chunks)`,
      columns: ['embedding model', 'index s', 'worker alone s', 'ratio (target ≤ 1.25)', 'files/s', 'chunks/s', 'tokens/chunk', 'CPU-time ratio (load-insensitive)'], // prettier-ignore
      rows: indexRows,
    });
    let start: number;

    // (2) One changed file in the base: scan (size/mtime of every file), parse, chunk, store, embed.
    const incremental: number[] = [];
    for (let round = 0; round < 5; round++) {
      const changed = path.join(folder, 'group1', `doc${1 + 20 * round}.txt`);
      const file = fs.existsSync(changed) ? changed : path.join(folder, 'group1', `doc${1 + 20 * round}.html`);
      fs.appendFileSync(file, `\nedited in round ${round}: ${sentence(random, 10)}\n`);
      start = performance.now();
      knowledge.schedule(base.id);
      await knowledge.idle();
      incremental.push(performance.now() - start);
    }
    tables.push({
      title: `Re-index after 1 changed file in a ${FILES}-file base (5 rounds)`,
      columns: ['median ms', 'max ms', 'target ms'],
      rows: [[percentile(incremental, 50), Math.max(...incremental), 1000]],
    });
    raw.incremental = incremental;

    // (3) Recall@5: each question names one file's answer word, which occurs in exactly one chunk.
    let found = 0;
    let keywordFound = 0;
    const recallQueries = Math.min(QUERIES, FILES);
    for (let q = 0; q < recallQueries; q++) {
      const i = Math.floor(random.next() * FILES);
      const question = `where is answer${i}x`;
      const result = await knowledge.search({ query: question, baseIds: [base.id], k: 5 });
      if (result.hits.some((hit) => hit.text.includes(`answer${i}x`))) found++;
      // The BM25 side alone, before fusion with the vector ranks.
      const ranks = knowledge.chunks.keywordRanks(question, [base.id], undefined, 5);
      const rows = knowledge.chunks.byIds(ranks.map((r) => r.id));
      if ([...rows.values()].some((row) => row.text.includes(`answer${i}x`))) keywordFound++;
    }
    tables.push({
      title: 'Recall@5 on questions whose answer word occurs in exactly one chunk',
      columns: ['questions', 'hybrid (as agents search)', 'BM25 alone', 'target'],
      rows: [[recallQueries, found / recallQueries, keywordFound / recallQueries, 0.95]],
    });
    Object.assign(raw, { recall: found / recallQueries, keywordRecall: keywordFound / recallQueries });
    await knowledge.dispose();
    db.close();

    // (4) Search latency at 200k chunks: rows written straight into the tables (synthetic vectors, unit length)
    // so the bench measures retrieval, not hours of embedding; the query is embedded by the worker as in the app.
    const big = service(path.join(makeTempDir('outpost-bench-kbig-'), 'k.db'), embeddings, spec, folder);
    const bigBase = big.knowledge.bases.create('Big', null);
    const source = big.knowledge.bases.addSource(bigBase.id, {
      kind: 'folder',
      path: folder,
      include: [],
      exclude: [],
    });
    const perFile = 200;
    const fill = big.db.transaction((f: number) => {
      const fileId = big.knowledge.files.markPending(bigBase.id, source.id, path.join(folder, `big${f}.txt`), 1, 1);
      const chunks = Array.from({ length: perFile }, (_, c) => ({
        text: sentence(random, 30),
        page: null,
        headings: [],
        lineStart: c,
        lineEnd: c,
        charStart: c * 200,
        charEnd: c * 200 + 199,
        tokens: 40,
      }));
      const ids = big.knowledge.chunks.replace(bigBase.id, fileId, chunks);
      big.knowledge.vectors.store.put(
        spec.key,
        ids.map((id) => ({ factId: id, vector: unitVector(random) })),
      );
    });
    start = performance.now();
    for (let f = 0; f < BIG_CHUNKS / perFile; f++) fill(f);
    const fillMs = performance.now() - start;
    start = performance.now();
    await big.knowledge.embedderChanged();
    const loadMs = performance.now() - start;
    const queries = Array.from({ length: QUERIES }, () => sentence(random, 4));
    for (const q of queries.slice(0, 10)) await big.knowledge.search({ query: q, baseIds: [bigBase.id], k: 5 });
    const latency: number[] = [];
    const keywordSide: number[] = [];
    const vectorSide: number[] = [];
    const embedOnly: number[] = [];
    let mode = '';
    for (const q of queries) {
      start = performance.now();
      const result = await big.knowledge.search({ query: q, baseIds: [bigBase.id], k: 5 });
      latency.push(performance.now() - start);
      mode = result.mode;
      // Each side alone, as search runs it: BM25 ranks (50 candidates), and the vector side with its query embedding.
      start = performance.now();
      big.knowledge.chunks.keywordRanks(q, [bigBase.id], undefined, 50);
      keywordSide.push(performance.now() - start);
      start = performance.now();
      await big.knowledge.vectors.search(q, [bigBase.id], null, 50);
      vectorSide.push(performance.now() - start);
      start = performance.now();
      await embeddings.embed(spec, [q]);
      embedOnly.push(performance.now() - start);
    }
    tables.push({
      title: `Hybrid search at ${big.knowledge.chunks.total()} chunks (${QUERIES} queries, k = 5, ${DIMS}-dim)`,
      columns: ['mode', 'p50 ms', 'p95 ms', 'target p95 ms', 'vector index load ms', 'fill s'],
      rows: [[mode, percentile(latency, 50), percentile(latency, 95), 50, Math.round(loadMs), fillMs / 1000]],
    });
    tables.push({
      title: 'Search by side (same queries)',
      columns: ['side', 'p50 ms', 'p95 ms'],
      rows: [
        ['hybrid (all of knowledge.search)', percentile(latency, 50), percentile(latency, 95)],
        ['keyword: BM25 ranks', percentile(keywordSide, 50), percentile(keywordSide, 95)],
        ['vector: query embedding + scan + rescoring', percentile(vectorSide, 50), percentile(vectorSide, 95)],
        ['query embedding alone (worker round trip)', percentile(embedOnly, 50), percentile(embedOnly, 95)],
      ],
    });
    Object.assign(raw, { latency, keywordSide, vectorSide, embedOnly, loadMs, fillMs });
    await big.knowledge.dispose();
    big.db.close();
  } finally {
    await embeddings.dispose();
  }
  publish('knowledge', machineHeader({ files: String(FILES), pages: String(pages) }), tables, raw);
}
