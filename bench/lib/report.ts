import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const RESULTS_DIR = path.resolve(import.meta.dirname, '../results');

export interface Table {
  title: string;
  columns: string[];
  rows: (string | number)[][];
}

export function machineHeader(extra: Record<string, string> = {}): Record<string, string> {
  const cpus = os.cpus();
  return {
    cpu: `${cpus[0]?.model.trim() ?? 'unknown'} × ${os.availableParallelism()}`,
    ram: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
    ...extra,
  };
}

export function markdownTable(table: Table): string {
  const fmt = (v: string | number) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v);
  const lines = [
    `### ${table.title}`,
    '',
    `| ${table.columns.join(' | ')} |`,
    `| ${table.columns.map(() => '---').join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.map(fmt).join(' | ')} |`),
  ];
  return lines.join('\n');
}

/** Prints the tables and writes everything as JSON to bench/results/<name>-<time>.json. */
export function publish(name: string, header: Record<string, string>, tables: Table[], raw: unknown): string {
  const head = Object.entries(header)
    .map(([k, v]) => `- ${k}: ${v}`)
    .join('\n');
  console.log(`\n## bench: ${name}\n\n${head}\n`);
  for (const table of tables) console.log(`${markdownTable(table)}\n`);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify({ name, header, tables, raw }, null, 2));
  console.log(`results: ${path.relative(process.cwd(), file)}`);
  return file;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}
