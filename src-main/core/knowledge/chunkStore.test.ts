import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Chunk } from './chunker';
import { createTestKnowledge } from './testing/knowledgeHarness';

function chunk(text: string): Chunk {
  return { text, page: null, headings: [], lineStart: 1, lineEnd: 1, charStart: 0, charEnd: text.length, tokens: 8 };
}

/** A base with one file holding `texts` as its chunks, written straight into the tables. */
function baseWith(h: ReturnType<typeof createTestKnowledge>, name: string, texts: readonly string[]) {
  const base = h.knowledge.bases.create(name, null);
  const source = h.knowledge.bases.addSource(base.id, { kind: 'folder', path: h.folder, include: [], exclude: [] });
  const fileId = h.knowledge.files.markPending(base.id, source.id, path.join(h.folder, `${name}.txt`), 1, 1);
  const ids = h.knowledge.chunks.replace(base.id, fileId, texts.map(chunk));
  return { baseId: base.id, ids };
}

describe('knowledge keyword ranks', () => {
  it('drops a term most chunks share, so the rare term decides the order', () => {
    const h = createTestKnowledge();
    const texts = Array.from({ length: 2500 }, (_, i) => `common filler words number${i} common`);
    texts[1234] = 'common filler with the word zeppelin';
    const { baseId, ids } = baseWith(h, 'Big', texts);
    const ranks = h.knowledge.chunks.keywordRanks('common zeppelin filler airship', [baseId], undefined, 5);
    // Every chunk matches "common" and "filler"; with them dropped (the two rarest terms stay), one chunk does.
    expect(ranks.map((r) => r.id)).toEqual([ids[1234]]);
  });

  it('finds a base whose matches rank below another base’s whole window', () => {
    const h = createTestKnowledge();
    // 600 short chunks in A rank above B's long ones (BM25 favours short documents) and fill the window.
    baseWith(
      h,
      'A',
      Array.from({ length: 600 }, () => 'walrus'),
    );
    const long = `walrus ${Array.from({ length: 60 }, (_, i) => `padding${i}`).join(' ')}`;
    const b = baseWith(h, 'B', [long, long, 'nothing here']);
    const ranks = h.knowledge.chunks.keywordRanks('walrus', [b.baseId], undefined, 5);
    expect(ranks.map((r) => r.id).sort()).toEqual([b.ids[0], b.ids[1]].sort());
  });
});
