import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../testing/testPorts';
import { type Debouncer, FolderWatcher, ignoredBelow } from './folderWatcher';
import { createTestKnowledge } from './testing/knowledgeHarness';

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0).reverse()) await dispose();
});

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Timers the test fires by hand, on a clock it moves: debounce decisions without waiting on real time. */
function manualTimers() {
  let clock = 0;
  const pending: { fn: () => void; ms: number; live: boolean }[] = [];
  const timers: Debouncer = {
    now: () => clock,
    set(fn, ms) {
      const timer = { fn, ms, live: true };
      pending.push(timer);
      return () => {
        timer.live = false;
      };
    },
  };
  return {
    timers,
    live: () => pending.filter((t) => t.live),
    advance: (ms: number) => (clock += ms),
    fire() {
      for (const t of pending.splice(0)) if (t.live) t.fn();
    },
  };
}

function harness(debounce: Partial<{ timers: Debouncer; debounceMs: number }> = {}) {
  const h = createTestKnowledge();
  const scheduled: string[] = [];
  const events: string[] = [];
  const watcher = new FolderWatcher({
    schedule: (baseId) => {
      scheduled.push(baseId);
      h.knowledge.schedule(baseId);
    },
    logger: createMemoryLogger(),
    onEvent: (_base, event, file) => events.push(`${event} ${path.basename(file)}`),
    ...debounce,
  });
  disposers.push(
    () => h.knowledge.dispose(),
    () => watcher.close(),
  );
  return { ...h, watcher, scheduled, events };
}

describe('knowledge folder watcher', () => {
  it('turns a burst of file events into one pass after the quiet time', async () => {
    const t = manualTimers();
    const h = harness({ timers: t.timers });
    const base = h.knowledge.create('Docs', [{ kind: 'folder', path: h.folder }]);
    await h.knowledge.idle();
    await h.watcher.update(base.id, h.knowledge.get(base.id));
    await h.watcher.ready(base.id);

    for (let i = 0; i < 5; i++) fs.writeFileSync(path.join(h.folder, `note${i}.md`), `# Note ${i}\n\nword${i}`);
    await until(() => new Set(h.events.filter((e) => e.startsWith('add'))).size === 5);
    expect(h.scheduled).toEqual([]); // nothing runs while the burst may go on
    expect(t.live()).toHaveLength(1); // each event replaced the previous timer
    t.fire();
    expect(h.scheduled).toEqual([base.id]);
  });

  it('starts a pass by the maximum wait even while events keep coming', async () => {
    const t = manualTimers();
    const h = harness({ timers: t.timers });
    const base = h.knowledge.create('Docs', [{ kind: 'folder', path: h.folder }]);
    await h.knowledge.idle();
    await h.watcher.update(base.id, h.knowledge.get(base.id));
    await h.watcher.ready(base.id);
    fs.writeFileSync(path.join(h.folder, 'a.md'), 'first');
    await until(() => h.events.length >= 1);
    expect(t.live()[0]?.ms).toBe(1_000);
    t.advance(9_700); // the first event is 9.7 s old: the next wait is cut to what is left of 10 s
    const seen = h.events.length;
    fs.writeFileSync(path.join(h.folder, 'b.md'), 'second');
    await until(() => h.events.length > seen);
    expect(t.live().map((timer) => timer.ms)).toEqual([300]);
  });

  it('skips hidden entries and dependency folders below a source, not the source itself', () => {
    const ignored = ignoredBelow(['/docs', '/home/me/.notes']);
    expect(ignored('/docs/node_modules/pkg/readme.md')).toBe(true);
    expect(ignored('/docs/a/.git/HEAD')).toBe(true);
    expect(ignored('/docs/.draft.md')).toBe(true);
    expect(ignored('/docs/guide/readme.md')).toBe(false);
    expect(ignored('/home/me/.notes')).toBe(false);
    expect(ignored('/home/me/.notes/todo.md')).toBe(false);
    expect(ignored('/elsewhere/.x')).toBe(false);
  });

  it('re-indexes added, changed and removed files of a real folder, and stops for a forgotten base', async () => {
    const h = harness({ debounceMs: 50 });
    fs.writeFileSync(path.join(h.folder, 'keep.md'), '# Keep\n\nThe walrus sleeps.');
    const base = h.knowledge.create('Docs', [{ kind: 'folder', path: h.folder }]);
    await h.knowledge.idle();
    await h.watcher.update(base.id, h.knowledge.get(base.id));
    await h.watcher.ready(base.id);
    const found = async (word: string) =>
      (await h.knowledge.search({ query: word, baseIds: [base.id], k: 3 })).hits.map((hit) => hit.fileName);

    fs.writeFileSync(path.join(h.folder, 'added.md'), '# Added\n\nThe pelican flies.');
    await until(async () => (await found('pelican')).includes('added.md'));

    fs.writeFileSync(path.join(h.folder, 'keep.md'), '# Keep\n\nThe narwhal swims.');
    await until(async () => (await found('narwhal')).includes('keep.md'));
    expect(await found('walrus')).toEqual([]);

    fs.rmSync(path.join(h.folder, 'added.md'));
    await until(async () => (await found('pelican')).length === 0);
    expect(h.knowledge.files.byBase(base.id).map((f) => path.basename(f.path))).toEqual(['keep.md']);

    fs.mkdirSync(path.join(h.folder, 'sub'));
    fs.writeFileSync(path.join(h.folder, 'sub', 'deep.md'), 'The axolotl smiles.');
    await until(async () => (await found('axolotl')).includes('deep.md'));

    await h.watcher.update(base.id, null);
    expect(h.watcher.watching()).toEqual([]);
  });
});
