/**
 * bench knowledge: (1) indexing a generated corpus (≥ 2,000 pages: Markdown, text, HTML, CSV and 5-page PDFs)
 * through the real service (parser thread, chunker with the model's tokenizer, SQLite, embeddings worker) as a
 * ratio to the worker embedding the same chunk texts alone (target ≤ 1.25); (2) re-indexing after one file of the
 * base changed (target ≤ 1 s); (3) keyword recall@5 on questions whose answer word occurs in exactly one chunk
 * (target ≥ 0.95); (4) hybrid search p95 at 200k chunks (target ≤ 50 ms).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
    await embeddings.embed(spec, ['warm the worker up']);
    // (1) Indexing vs the worker alone on the same chunk texts.
    const { db, knowledge } = service(path.join(makeTempDir('outpost-bench-kdb-'), 'k.db'), embeddings, spec, folder);
    await knowledge.embedderChanged();
    // The embeddings worker is warm (model loaded) for the baseline; start the parser thread likewise (its
    // parsers and the tokenizer load on first use) with a small base of each format, then forget that base.
    const warmFolder = makeTempDir('outpost-bench-knowledge-warm-');
    for (let i = 0; i < 5; i++) await writeFile(warmFolder, i * PDF_EVERY + (i % 4), random);
    const warm = knowledge.create('Warm-up', [{ kind: 'folder', path: warmFolder }]);
    await knowledge.idle();
    await knowledge.delete(warm.id);
    let start = performance.now();
    const base = knowledge.create('Bench', [{ kind: 'folder', path: folder }]);
    await knowledge.idle();
    const indexMs = performance.now() - start;
    const counts = knowledge.get(base.id).counts;
    if (counts.indexed !== FILES) throw new Error(`indexed ${counts.indexed} of ${FILES} files`);
    const texts = (db.prepare('SELECT text FROM knowledge_chunks ORDER BY id').all() as { text: string }[]).map(
      (r) => r.text,
    );
    start = performance.now();
    await embeddings.embed(spec, texts);
    const embedMs = performance.now() - start;
    const ratio = indexMs / embedMs;
    tables.push({
      title: `Indexing ${FILES} files (${pages} pages, ${texts.length} chunks)`,
      columns: ['index s', 'worker alone s', 'ratio (target ≤ 1.25)', 'files/s', 'chunks/s'],
      rows: [
        [
          indexMs / 1000,
          embedMs / 1000,
          ratio,
          Math.round(FILES / (indexMs / 1000)),
          Math.round(texts.length / (indexMs / 1000)),
        ],
      ],
    });
    Object.assign(raw, { indexMs, embedMs, chunks: texts.length });
    console.log(`indexing: ${(indexMs / 1000).toFixed(1)} s, worker alone ${(embedMs / 1000).toFixed(1)} s`);

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
