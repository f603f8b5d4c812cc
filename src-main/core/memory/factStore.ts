import type { Database, Statement } from 'better-sqlite3';
import { ftsTerms, termsToFtsQuery, toFtsQuery, withoutCommonTerms } from '../storage/ftsQuery';
import { storageTarget, writeTransaction } from '../storage/transactions';

export interface Fact {
  id: number;
  /** null: a fact every agent can recall. */
  agentId: string | null;
  text: string;
  /** Where it came from, e.g. "agent:<id>/conversation:<id>" or "user". */
  source: string;
  conversationId: string | null;
  messageId: string | null;
  pinned: boolean;
  createdAt: number;
  updatedAt: number;
  /** Last time recall returned it. */
  usedAt: number | null;
  /** Not recalled after this time (still listed, so the user sees it). */
  expiresAt: number | null;
}

export interface NewFact {
  conversationId?: string | null;
  messageId?: string | null;
  pinned?: boolean;
  expiresAt?: number | null;
}

export interface FactPatch {
  text?: string;
  pinned?: boolean;
  expiresAt?: number | null;
}

export interface FactListOptions {
  /** undefined: every fact; null: global facts only; an id: that agent's own facts (plus global with includeGlobal). */
  agentId?: string | null;
  includeGlobal?: boolean;
  query?: string;
  limit?: number;
  offset?: number;
  /** Legacy cursor: facts with an id below this. */
  before?: number;
}

interface FactRow {
  id: number;
  agent_id: string | null;
  text: string;
  source: string;
  conversation_id: string | null;
  message_id: string | null;
  pinned: number;
  created_at: number;
  updated_at: number | null;
  used_at: number | null;
  expires_at: number | null;
}

export type FactChange = { type: 'added' | 'updated'; fact: Fact } | { type: 'deleted'; ids: number[] };
export type FactRecall = (agentId: string, query: string, k: number) => Promise<Fact[]>;

export const MAX_FACT_CHARS = 1000;

/** Same fact modulo case, spacing and trailing punctuation: what duplicate merging compares. */
export const normalizeFactText = (text: string) =>
  text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[.!?\s]+$/, '')
    .trim();

/**
 * Long-term memory rows plus FTS5 keyword search. The memory service plugs hybrid (keyword + vector) recall
 * in through attachRecall and listens to changes to keep embeddings current; without it recall is keyword-only.
 */
export class FactStore {
  private recaller: FactRecall | null = null;
  private readonly listeners = new Set<(change: FactChange) => void>();
  // Prepared once per SQL text: recall and adds run these per call (bench/memory.ts).
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {
    // text_key (the duplicate-merge key) is computed here, so rows written before it existed get one too.
    const unkeyed = db.prepare('SELECT id, text FROM facts WHERE text_key IS NULL').all() as {
      id: number;
      text: string;
    }[];
    const setKey = db.prepare('UPDATE facts SET text_key = ? WHERE id = ?');
    if (unkeyed.length > 0) {
      writeTransaction(storageTarget(db), 'key the saved facts', () =>
        unkeyed.forEach((r) => setKey.run(normalizeFactText(r.text), r.id)),
      );
    }
  }

  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  attachRecall(recall: FactRecall | null): void {
    this.recaller = recall;
  }

  onChange(listener: (change: FactChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  add(agentId: string | null, text: string, source: string, extra: NewFact = {}): Fact {
    return this.addOrMerge(agentId, text, source, extra).fact;
  }

  /** An exact duplicate (after normalising) in the same scope is merged: refreshed, pinned if asked, not re-added. */
  addOrMerge(
    agentId: string | null,
    text: string,
    source: string,
    extra: NewFact = {},
  ): { fact: Fact; merged: boolean } {
    const trimmed = text.trim().slice(0, MAX_FACT_CHARS);
    const at = this.now();
    const key = normalizeFactText(trimmed);
    // One transaction: the duplicate check and the write cannot interleave with another add, and it is one commit.
    const result = writeTransaction(storageTarget(this.db), 'save the fact', (): { fact: Fact; merged: boolean } => {
      const duplicate = this.findDuplicate(agentId, key);
      if (duplicate) {
        const pinned = duplicate.pinned || extra.pinned === true;
        this.sql('UPDATE facts SET updated_at = ?, pinned = ? WHERE id = ?').run(at, pinned ? 1 : 0, duplicate.id);
        return { fact: { ...duplicate, updatedAt: at, pinned }, merged: true };
      }
      const info = this.sql(
        `INSERT INTO facts (agent_id, text, source, created_at, updated_at, conversation_id, message_id, pinned,
           expires_at, text_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(agentId, trimmed, source, at, at, extra.conversationId ?? conversationOf(source), extra.messageId ?? null,
        extra.pinned ? 1 : 0, extra.expiresAt ?? null, key); // prettier-ignore
      return { fact: this.get(Number(info.lastInsertRowid))!, merged: false };
    });
    this.emit({ type: result.merged ? 'updated' : 'added', fact: result.fact });
    return result;
  }

  get(id: number): Fact | null {
    const row = this.sql('SELECT * FROM facts WHERE id = ?').get(id) as FactRow | undefined;
    return row ? toFact(row) : null;
  }

  byIds(ids: readonly number[]): Map<number, Fact> {
    const out = new Map<number, Fact>();
    if (ids.length === 0) return out;
    const rows = this.sql(`SELECT * FROM facts WHERE id IN (SELECT value FROM json_each(?))`).all(
      JSON.stringify(ids),
    ) as FactRow[];
    for (const row of rows) out.set(row.id, toFact(row));
    return out;
  }

  update(id: number, patch: FactPatch): Fact | null {
    const current = this.get(id);
    if (!current) return null;
    const text = patch.text === undefined ? current.text : patch.text.trim().slice(0, MAX_FACT_CHARS);
    const pinned = patch.pinned ?? current.pinned;
    const expiresAt = patch.expiresAt === undefined ? current.expiresAt : patch.expiresAt;
    const changed = text !== current.text;
    const set = changed ? ', text = ?, text_key = ?' : '';
    const values = changed ? [text, normalizeFactText(text)] : [];
    this.sql(`UPDATE facts SET pinned = ?, expires_at = ?, updated_at = ?${set} WHERE id = ?`).run(
      pinned ? 1 : 0,
      expiresAt,
      this.now(),
      ...values,
      id,
    );
    const fact = this.get(id)!;
    this.emit({ type: 'updated', fact });
    return fact;
  }

  /** Best keyword matches among the agent's own facts and the global ones (expired facts excluded). */
  search(agentId: string, query: string, k: number): Fact[] {
    const ranked = this.keywordRanks(agentId, query, clampK(k));
    const facts = this.byIds(ranked.map((r) => r.id));
    return ranked.map((r) => facts.get(r.id)).filter((f): f is Fact => f !== undefined);
  }

  /** FTS5 candidates, best (lowest bm25) first; FTS5's own rank order is the fast path, scope filtered after. */
  keywordRanks(agentId: string, query: string, limit: number): { id: number; bm25: number }[] {
    const match = termsToFtsQuery(this.withoutCommonTerms(ftsTerms(query)), 'any');
    if (match === null) return [];
    // CROSS JOIN pins the FTS candidates as the outer loop; otherwise SQLite scans every fact of the agent
    // by index and probes the candidates (30× slower at 100k facts, bench/memory.ts).
    return this.sql(
      `SELECT f.id AS id, m.rank AS bm25 FROM
           (SELECT rowid, rank FROM facts_fts WHERE facts_fts MATCH ? ORDER BY rank LIMIT ?) m
         CROSS JOIN facts f ON f.id = m.rowid
         WHERE (f.agent_id IS NULL OR f.agent_id = ?) AND (f.expires_at IS NULL OR f.expires_at > ?)
         ORDER BY m.rank, f.created_at DESC LIMIT ?`,
    ).all(match, Math.max(limit * 10, 200), agentId, this.now(), limit) as { id: number; bm25: number }[];
  }

  /** Common terms dropped (storage/ftsQuery withoutCommonTerms): 15 → 3 ms keyword p95 at 100k facts. */
  private withoutCommonTerms(terms: string[]): string[] {
    if (terms.length <= 2) return terms;
    // max(id) bounds the fact count from above in O(log n); deletions only make pruning more cautious.
    const total = (this.sql('SELECT max(id) AS n FROM facts').get() as { n: number | null }).n ?? 0;
    const docs = this.sql('SELECT doc FROM facts_fts_vocab WHERE term = ?').pluck();
    return withoutCommonTerms(terms, { total, docs: (term) => (docs.get(term) as number | undefined) ?? 0 });
  }

  /** Hybrid recall when the memory service is attached, keyword search otherwise. */
  async recall(agentId: string, query: string, k: number): Promise<Fact[]> {
    return this.recaller ? this.recaller(agentId, query, clampK(k)) : this.search(agentId, query, k);
  }

  markUsed(ids: readonly number[]): void {
    if (ids.length === 0) return;
    this.sql('UPDATE facts SET used_at = ? WHERE id IN (SELECT value FROM json_each(?))').run(
      this.now(),
      JSON.stringify(ids),
    );
  }

  /** Newest first. */
  list(options: FactListOptions = {}): Fact[] {
    return this.page(options).facts;
  }

  page(options: FactListOptions = {}): { facts: Fact[]; total: number } {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (options.agentId === null) where.push('agent_id IS NULL');
    else if (options.agentId !== undefined) {
      where.push(options.includeGlobal === false ? 'agent_id = ?' : '(agent_id IS NULL OR agent_id = ?)');
      params.push(options.agentId);
    }
    if (options.before !== undefined) {
      where.push('id < ?');
      params.push(options.before);
    }
    const match = options.query ? toFtsQuery(options.query, { mode: 'any' }) : null;
    if (options.query && match === null) return { facts: [], total: 0 };
    if (match !== null) {
      where.push('id IN (SELECT rowid FROM facts_fts WHERE facts_fts MATCH ?)');
      params.push(match);
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.sql(`SELECT count(*) AS n FROM facts ${clause}`).get(...params) as { n: number }).n;
    const rows = this.sql(`SELECT * FROM facts ${clause} ORDER BY pinned DESC, id DESC LIMIT ? OFFSET ?`).all(
      ...params,
      clampK(options.limit ?? 50, 500),
      Math.max(0, options.offset ?? 0),
    ) as FactRow[];
    return { facts: rows.map(toFact), total };
  }

  /** With agentId, deletes only a fact that agent owns (a model must not erase another agent's memory). */
  delete(id: number, agentId?: string): boolean {
    const result =
      agentId === undefined
        ? this.sql('DELETE FROM facts WHERE id = ?').run(id)
        : this.sql('DELETE FROM facts WHERE id = ? AND agent_id = ?').run(id, agentId);
    if (result.changes > 0) this.emit({ type: 'deleted', ids: [id] });
    return result.changes > 0;
  }

  /** "Forget everything for this agent": its own facts only, never the global ones. */
  forgetAgent(agentId: string): number {
    const ids = (this.sql('SELECT id FROM facts WHERE agent_id = ?').all(agentId) as { id: number }[]).map((r) => r.id);
    this.sql('DELETE FROM facts WHERE agent_id = ?').run(agentId);
    if (ids.length > 0) this.emit({ type: 'deleted', ids });
    return ids.length;
  }

  private findDuplicate(agentId: string | null, key: string): Fact | null {
    if (!key) return null;
    const row = this.sql("SELECT * FROM facts WHERE ifnull(agent_id, '') = ifnull(?, '') AND text_key = ? LIMIT 1").get(
      agentId,
      key,
    ) as FactRow | undefined;
    return row ? toFact(row) : null;
  }

  private emit(change: FactChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

function conversationOf(source: string): string | null {
  const at = source.indexOf('/conversation:');
  return at >= 0 ? source.slice(at + '/conversation:'.length) || null : null;
}

function clampK(k: number, max = 50): number {
  return Math.max(1, Math.min(max, Math.floor(k)));
}

function toFact(row: FactRow): Fact {
  return {
    id: row.id,
    agentId: row.agent_id,
    text: row.text,
    source: row.source,
    conversationId: row.conversation_id,
    messageId: row.message_id,
    pinned: row.pinned === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at ?? row.created_at,
    usedAt: row.used_at,
    expiresAt: row.expires_at,
  };
}
