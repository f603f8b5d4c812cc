/** Export/import of an agent's memory as a small JSON document (the inspector's buttons). */
import type { Database } from 'better-sqlite3';
import { storageTarget, writeTransaction } from '../storage/transactions';
import type { MemoryExport } from '../../../src-preload/contract/memory';
import type { FactStore } from './factStore';

const PAGE = 500;

export function exportFacts(facts: FactStore, agentId: string | null, now: number): MemoryExport {
  const out: MemoryExport['facts'] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = facts.page({ agentId, includeGlobal: false, limit: PAGE, offset });
    for (const f of page.facts) {
      out.push({ text: f.text, pinned: f.pinned, source: f.source, createdAt: f.createdAt, expiresAt: f.expiresAt });
    }
    if (page.facts.length < PAGE) break;
  }
  return { format: 'outpost-memory', version: 1, exportedAt: now, facts: out };
}

/** All or nothing: one transaction; duplicates of facts already kept are merged, not added twice. */
export function importFacts(
  db: Database,
  facts: FactStore,
  agentId: string | null,
  data: MemoryExport,
): { imported: number; merged: number } {
  return writeTransaction(storageTarget(db), 'import the memory', () => {
    const counts = { imported: 0, merged: 0 };
    for (const item of data.facts) {
      const { merged } = facts.addOrMerge(agentId, item.text, item.source || 'import', {
        pinned: item.pinned,
        expiresAt: item.expiresAt ?? null,
      });
      counts[merged ? 'merged' : 'imported']++;
    }
    return counts;
  });
}
