import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/testPorts';
import { createTestKnowledge } from './testing/knowledgeHarness';
import { makeDocx, makeEncryptedPdf, makeImageOnlyPdf, makePdf } from './testing/makeDocuments';

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0)) await dispose();
});

function harness(options: Parameters<typeof createTestKnowledge>[0] = {}) {
  const h = createTestKnowledge(options);
  disposers.push(() => h.knowledge.dispose());
  return h;
}

function write(folder: string, name: string, content: string | Buffer) {
  const file = path.join(folder, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

const statusOf = (h: ReturnType<typeof harness>, baseId: string) =>
  Object.fromEntries(
    h.knowledge.files.byBase(baseId).map((f) => [path.relative(h.folder, f.path), [f.status, f.reason]]),
  );

const chunkIdsOf = (h: ReturnType<typeof harness>, baseId: string, name: string) => {
  const file = h.knowledge.files.byBase(baseId).find((f) => f.path.endsWith(name));
  return file ? h.knowledge.chunks.idsOfFiles([file.id]) : [];
};

describe('knowledge indexing', () => {
  it('indexes a folder of mixed formats with a status per file, skipping hidden and dependency folders', async () => {
    const h = harness();
    fs.writeFileSync(path.join(h.folder, 'manual.pdf'), await makePdf(['Intro page', 'The gasket torque is 42 Nm']));
    fs.writeFileSync(
      path.join(h.folder, 'policy.docx'),
      await makeDocx([{ heading: 'Refunds', paragraphs: ['Refunds within 14 days.'] }]),
    );
    fs.writeFileSync(path.join(h.folder, 'locked.pdf'), await makeEncryptedPdf());
    fs.writeFileSync(path.join(h.folder, 'scan.pdf'), await makeImageOnlyPdf());
    write(h.folder, 'broken.docx', 'not a zip');
    write(h.folder, 'notes/readme.md', '# Setup\n\nInstall the quokka driver first.');
    write(h.folder, 'table.csv', 'city,population\nOslo,700000\n');
    write(h.folder, 'photo.jpg', 'jpeg bytes');
    write(h.folder, '.hidden/secret.md', 'hidden words');
    write(h.folder, '.secret.txt', 'hidden words');
    write(h.folder, 'node_modules/pkg/readme.md', 'dependency words');
    const base = h.knowledge.create('Docs', [{ kind: 'folder', path: h.folder }]);
    await h.knowledge.idle();
    expect(statusOf(h, base.id)).toEqual({
      'manual.pdf': ['indexed', null],
      'policy.docx': ['indexed', null],
      'locked.pdf': ['failed', 'encrypted'],
      'scan.pdf': ['failed', 'no_text'],
      'broken.docx': ['failed', 'corrupt'],
      'notes/readme.md': ['indexed', null],
      'table.csv': ['indexed', null],
      'photo.jpg': ['skipped', 'unsupported'],
    });
    const result = await h.knowledge.search({ query: 'gasket torque', baseIds: [base.id], k: 3 });
    expect(result.mode).toBe('keyword');
    expect(result.hits[0]).toMatchObject({ fileName: 'manual.pdf', page: 2 });
    const md = await h.knowledge.search({ query: 'quokka', baseIds: [base.id], k: 3 });
    expect(md.hits[0]).toMatchObject({ fileName: 'readme.md', headings: ['Setup'], lineStart: 3, lineEnd: 3 });
    expect(h.knowledge.get(base.id).counts).toMatchObject({ indexed: 4, failed: 3, skipped: 1, pending: 0 });
    const states = h.progress.filter((p) => p.baseId === base.id).map((p) => p.state);
    expect(states).toContain('scanning');
    expect(states).toContain('indexing');
    const last = h.progress.filter((p) => p.state === 'indexing').at(-1)!;
    expect(last).toMatchObject({ filesDone: last.filesTotal, currentFile: null });
  });

  it('re-indexes incrementally: edit, touch, rename and delete', async () => {
    const h = harness();
    write(h.folder, 'a.md', '# A\n\nalpha apples');
    write(h.folder, 'b.md', '# B\n\nbravo bananas');
    write(h.folder, 'c.md', '# C\n\ncharlie cherries');
    const base = h.knowledge.create('Docs', [{ kind: 'folder', path: h.folder }]);
    await h.knowledge.idle();
    const before = {
      a: chunkIdsOf(h, base.id, 'a.md'),
      b: chunkIdsOf(h, base.id, 'b.md'),
      c: chunkIdsOf(h, base.id, 'c.md'),
    };

    write(h.folder, 'a.md', '# A\n\nalpha avocados'); // edit
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(path.join(h.folder, 'b.md'), later, later); // touch without change
    fs.renameSync(path.join(h.folder, 'c.md'), path.join(h.folder, 'renamed.md'));
    h.knowledge.rescan(base.id);
    await h.knowledge.idle();
    expect(chunkIdsOf(h, base.id, 'a.md')).not.toEqual(before.a);
    expect(chunkIdsOf(h, base.id, 'b.md')).toEqual(before.b);
    expect(chunkIdsOf(h, base.id, 'renamed.md')).toEqual(before.c);
    expect((await h.knowledge.search({ query: 'apples', baseIds: [base.id], k: 3 })).hits).toEqual([]);
    expect((await h.knowledge.search({ query: 'avocados', baseIds: [base.id], k: 3 })).hits).toHaveLength(1);
    expect((await h.knowledge.search({ query: 'cherries', baseIds: [base.id], k: 3 })).hits[0]?.fileName).toBe(
      'renamed.md',
    );

    fs.rmSync(path.join(h.folder, 'renamed.md'));
    h.knowledge.rescan(base.id);
    await h.knowledge.idle();
    expect(Object.keys(statusOf(h, base.id)).sort()).toEqual(['a.md', 'b.md']);
    expect((await h.knowledge.search({ query: 'cherries', baseIds: [base.id], k: 3 })).hits).toEqual([]);
    expect(h.knowledge.chunks.total()).toBe(2);
  });

  it('applies the caps: file size, files per base, total chunks', async () => {
    const h = harness({ limits: { maxFileBytes: 100, maxFilesPerBase: 2, maxTotalChunks: 2 } });
    write(h.folder, '1.txt', 'one');
    write(h.folder, '2.txt', 'two');
    write(h.folder, '3.txt', 'three');
    write(h.folder, 'big/huge.txt', 'x '.repeat(200));
    const base = h.knowledge.create('Capped', [{ kind: 'folder', path: h.folder }]);
    await h.knowledge.idle();
    expect(statusOf(h, base.id)).toEqual({
      '1.txt': ['indexed', null],
      '2.txt': ['indexed', null],
      '3.txt': ['skipped', 'file_cap'],
      'big/huge.txt': ['failed', 'too_large'],
    });
    const other = h.knowledge.create('More', [{ kind: 'file', path: write(h.folder, 'x/4.txt', 'four') }]);
    await h.knowledge.idle();
    expect(h.knowledge.files.byBase(other.id)[0]).toMatchObject({ status: 'skipped', reason: 'chunk_cap' });
  });

  it('honours include/exclude globs', async () => {
    const h = harness();
    write(h.folder, 'keep/a.md', 'kept words');
    write(h.folder, 'keep/draft.md', 'draft words');
    write(h.folder, 'other/b.md', 'other words');
    const base = h.knowledge.create('Globs', [
      { kind: 'folder', path: h.folder, include: ['keep/**'], exclude: ['**/draft.md'] },
    ]);
    await h.knowledge.idle();
    expect(Object.keys(statusOf(h, base.id))).toEqual(['keep/a.md']);
  });

  it('keeps sources inside granted folders and does not follow links out of them', async () => {
    const outside = makeTempDir('outpost-outside-');
    write(outside, 'private.md', 'private words');
    const h = harness();
    expect(() => h.knowledge.create('Out', [{ kind: 'folder', path: outside }])).toThrow(/granted folder/);
    fs.symlinkSync(path.join(outside, 'private.md'), path.join(h.folder, 'link.md'));
    fs.symlinkSync(outside, path.join(h.folder, 'linkdir'));
    write(h.folder, 'own.md', 'own words');
    const base = h.knowledge.create('In', [{ kind: 'folder', path: h.folder }]);
    await h.knowledge.idle();
    expect(statusOf(h, base.id)).toEqual({ 'link.md': ['skipped', 'outside_grant'], 'own.md': ['indexed', null] });
    expect((await h.knowledge.search({ query: 'private', baseIds: [base.id], k: 3 })).hits).toEqual([]);
  });

  it('resumes pending files after a restart, and forgets a base whole', async () => {
    const first = harness();
    for (let i = 0; i < 30; i++) write(first.folder, `f${i}.md`, `# F${i}\n\nfile number ${i} mentions zebra${i}`);
    const base = first.knowledge.create('Resume', [{ kind: 'folder', path: first.folder }]);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (first.progress.some((p) => p.state === 'indexing' && p.filesDone >= 3)) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    await first.knowledge.pause(base.id);
    const counts = first.knowledge.get(base.id).counts;
    expect(counts.pending).toBeGreaterThan(0);
    expect(first.knowledge.get(base.id).progress.state).toBe('paused');
    await first.knowledge.dispose();

    const second = harness({ db: first.db, folder: first.folder });
    await second.knowledge.start();
    await second.knowledge.idle();
    expect(second.knowledge.get(base.id).counts.pending).toBe(counts.pending); // still paused
    second.knowledge.resume(base.id);
    await second.knowledge.idle();
    expect(second.knowledge.get(base.id).counts).toMatchObject({ indexed: 30, pending: 0 });

    expect(await second.knowledge.delete(base.id)).toBe(true);
    expect(second.knowledge.chunks.total()).toBe(0);
    expect(second.db.prepare('SELECT count(*) AS n FROM knowledge_chunks_fts').get()).toEqual({ n: 0 });
  });

  it('parses on a worker thread and filters search by file', async () => {
    const h = harness({ workerThread: true });
    fs.writeFileSync(path.join(h.folder, 'one.pdf'), await makePdf(['walrus on page one', 'walrus on page two']));
    write(h.folder, 'two.md', 'walrus in markdown');
    const base = h.knowledge.create('Worker', [{ kind: 'folder', path: h.folder }]);
    await h.knowledge.idle();
    expect(h.knowledge.get(base.id).counts).toMatchObject({ indexed: 2, failed: 0 });
    const pdf = h.knowledge.files.byBase(base.id).find((f) => f.path.endsWith('one.pdf'))!;
    const hits = (await h.knowledge.search({ query: 'walrus', baseIds: [base.id], fileIds: [pdf.id], k: 5 })).hits;
    expect(hits.map((x) => x.page).sort()).toEqual([1, 2]);
    const passage = h.knowledge.passage(hits[0]!.chunkId);
    expect(passage.file.path).toBe(pdf.path);
  });
});
