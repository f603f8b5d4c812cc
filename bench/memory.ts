/**
 * bench memory: hybrid recall latency (query embedding through the worker + FTS5 BM25 + vector search + fusion)
 * at 10k and 100k facts with 384-dim vectors (MiniLM's width, from the generated ONNX model), and insert
 * throughput against raw better-sqlite3 inserts of the same rows. Target: recall p95 ≤ 25 ms at 100k.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { makeTestOnnx } from '../scripts/lib/onnx/makeTestOnnx';
import { SeededRandom } from '../scripts/test-model/seeded-random';
import { createConsoleLogger } from '../src-main/core/consoleLogger';
import { EmbeddingsClient } from '../src-main/core/embeddings/embeddingsClient';
import { MemoryService } from '../src-main/core/memory/memoryService';
import { forkSpawner } from '../src-main/core/process/forkSpawner';
import { openDatabase } from '../src-main/core/storage/openDatabase';
import { migrations } from '../src-main/core/storage/schema';
import { makeTempDir } from '../src-main/core/testing/testPorts';
import { FactStore } from '../src-main/core/memory/factStore';
import { machineHeader, percentile, publish, type Table } from './lib/report';

const SIZES = (process.env.BENCH_MEMORY_SIZES ?? '10000,100000').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_MEMORY_QUERIES ?? 200);
const DIMS = 384;
const VOCAB = Array.from({ length: 3000 }, (_, i) => `term${i}`);
const WORKER = path.resolve(import.meta.dirname, '../src-main/core/embeddings/worker/main.ts');

/** Zipf-like word choice, so some words are common and BM25 has work to do. */
function sentence(random: SeededRandom, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(VOCAB[Math.floor(VOCAB.length * random.next() ** 2)]!);
  return `${out.join(' ')}.`;
}

function timeIt(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

interface InsertRates {
  outpost: number;
  sameSchema: number;
  raw: number;
}

/**
 * Rows per second, one commit each: Outpost's FactStore.add (dedupe lookup, insert, read-back, change event);
 * a bare INSERT into the same schema (FTS5 trigger and indexes: the cost of search, not of Outpost's code);
 * a bare INSERT into a plain table (what SQLite alone does).
 */
function insertRates(texts: string[]): InsertRates {
  const dir = makeTempDir('outpost-bench-insert-');
  const logger = createConsoleLogger('error');
  const { db } = openDatabase(path.join(dir, 'a.db'), migrations, logger);
  const facts = new FactStore(db, Date.now);
  const outpostMs = timeIt(() => texts.forEach((t) => facts.add('agent', t, 'bench')));
  db.close();
  const same = openDatabase(path.join(dir, 'b.db'), migrations, logger).db;
  const insertSame = same.prepare(
    'INSERT INTO facts (agent_id, text, source, created_at, updated_at, text_key) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const sameMs = timeIt(() => texts.forEach((t) => insertSame.run('agent', t, 'bench', Date.now(), Date.now(), t)));
  same.close();
  const raw = new Database(path.join(dir, 'raw.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec(
    'CREATE TABLE facts (id INTEGER PRIMARY KEY, agent_id TEXT, text TEXT NOT NULL, source TEXT, created_at INTEGER)',
  );
  const insert = raw.prepare('INSERT INTO facts (agent_id, text, source, created_at) VALUES (?, ?, ?, ?)');
  const rawMs = timeIt(() => texts.forEach((t) => insert.run('agent', t, 'bench', Date.now())));
  raw.close();
  const rate = (ms: number) => (texts.length / ms) * 1000;
  return { outpost: rate(outpostMs), sameSchema: rate(sameMs), raw: rate(rawMs) };
}

export async function main(): Promise<void> {
  const logger = createConsoleLogger('error');
  const modelDir = makeTempDir('outpost-bench-embeddings-');
  makeTestOnnx({ dir: path.join(modelDir, 'bench-minilm'), dim: DIMS, words: VOCAB, seed: 3 });
  const embeddings = new EmbeddingsClient({
    spawner: forkSpawner,
    worker: { modulePath: WORKER, execArgv: ['--import', 'tsx'] },
    logger,
  });
  const random = new SeededRandom(11);
  const latency: Table = {
    title: `Recall latency (${QUERIES} queries, ${DIMS}-dim vectors, k = 5)`,
    columns: [
      'facts',
      'hybrid p50 ms',
      'hybrid p95 ms',
      'keyword-only p50 ms',
      'query embed p50 ms',
      'embed facts/s',
      'index load ms',
    ],
    rows: [],
  };
  const inserts: Table = {
    title: 'Insert throughput (rows/s, one commit per row)',
    columns: [
      'rows',
      'Outpost FactStore.add',
      'INSERT, same schema (FTS5 + indexes)',
      'INSERT, plain table',
      'Outpost / same schema',
      'Outpost / plain',
    ],
    rows: [],
  };
  const raw: unknown[] = [];
  try {
    for (const size of SIZES) {
      const texts = Array.from({ length: size }, () => sentence(random, 8 + Math.floor(random.next() * 8)));
      const rates = insertRates(texts.slice(0, Math.min(size, 20_000)));
      inserts.rows.push([
        Math.min(size, 20_000),
        Math.round(rates.outpost),
        Math.round(rates.sameSchema),
        Math.round(rates.raw),
        rates.outpost / rates.sameSchema,
        rates.outpost / rates.raw,
      ]);

      const { db } = openDatabase(path.join(makeTempDir('outpost-bench-memory-'), 'm.db'), migrations, logger);
      const facts = new FactStore(db, Date.now);
      const insertAll = db.prepare(
        'INSERT INTO facts (agent_id, text, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      );
      db.transaction(() => texts.forEach((t, i) => insertAll.run(i % 10 === 0 ? null : 'agent', t, 'bench', i, i)))();
      const memory = new MemoryService({
        db,
        facts,
        embeddings,
        embeddingsDir: modelDir,
        logger,
        clock: { now: Date.now },
      });
      const embedStart = performance.now();
      await memory.start();
      await memory.idle();
      const embedSeconds = (performance.now() - embedStart) / 1000;
      await memory.dispose();
      // A fresh service loads the stored vectors: the cost of an app start with this much memory.
      const loadStart = performance.now();
      const warm = new MemoryService({
        db,
        facts,
        embeddings,
        embeddingsDir: modelDir,
        logger,
        clock: { now: Date.now },
      });
      await warm.start();
      const loadMs = performance.now() - loadStart;
      if (warm.status().mode !== 'hybrid') throw new Error(`recall is not hybrid: ${warm.status().reason}`);

      const queries = Array.from({ length: QUERIES }, () => sentence(random, 3));
      const hybrid: number[] = [];
      const keyword: number[] = [];
      const embed: number[] = [];
      for (const q of queries.slice(0, 10)) await warm.recall('agent', q, { k: 5 }); // warm-up
      for (const q of queries) {
        let start = performance.now();
        await warm.recall('agent', q, { k: 5 });
        hybrid.push(performance.now() - start);
        start = performance.now();
        facts.search('agent', q, 5);
        keyword.push(performance.now() - start);
        start = performance.now();
        await embeddings.embed(warm.models()[0]!.spec, [q]);
        embed.push(performance.now() - start);
      }
      await warm.dispose();
      db.close();
      const row = [
        size,
        percentile(hybrid, 50),
        percentile(hybrid, 95),
        percentile(keyword, 50),
        percentile(embed, 50),
        Math.round(size / embedSeconds),
        Math.round(loadMs),
      ];
      latency.rows.push(row);
      raw.push({ size, hybrid, keyword, embed, rates, embedSeconds, loadMs });
      console.log(`${size} facts: hybrid p95 ${percentile(hybrid, 95).toFixed(2)} ms`);
    }
  } finally {
    await embeddings.dispose();
  }
  publish('memory', machineHeader({ dims: String(DIMS), queries: String(QUERIES) }), [latency, inserts], raw);
}
