import { describe, expect, it } from 'vitest';
import { OutpostError, type KnowledgeBase, type KnowledgeFile } from '@contract';
import { createFakeBridge } from '../../testing/fakeBridge';
import { createKnowledgeStore, needsGrant } from './knowledgeStore';

const base = (id: string, patch: Partial<KnowledgeBase> = {}): KnowledgeBase => ({
  id,
  name: id,
  conversationId: null,
  paused: false,
  createdAt: 1,
  updatedAt: 1,
  sources: [{ id: 1, kind: 'folder', path: '/docs', include: [], exclude: [] }],
  counts: { files: 1, indexed: 1, pending: 0, skipped: 0, failed: 0, chunks: 2 },
  progress: {
    baseId: id,
    state: 'idle',
    filesDone: 1,
    filesTotal: 1,
    chunks: 2,
    currentFile: null,
    etaMs: null,
    unembedded: 0,
  },
  ...patch,
});

const file = (id: number, baseId: string): KnowledgeFile => ({
  id,
  baseId,
  path: `/docs/${id}.md`,
  size: 1,
  format: 'markdown',
  status: 'indexed',
  reason: null,
  detail: null,
  chunks: 1,
  pages: null,
  indexedAt: 1,
});

function setup() {
  const bridge = createFakeBridge({
    'knowledge.list': async () => [base('chat-one', { conversationId: 'c1' }), base('manuals')],
    'knowledge.files': async ({ baseId }) => ({ files: [file(1, baseId)], total: 1 }),
  });
  return { bridge, store: createKnowledgeStore(() => bridge) };
}

describe('knowledge store', () => {
  it('selects the first shared base on load and lists its files', async () => {
    const { store } = setup();
    await store.getState().refresh();
    expect(store.getState().selectedId).toBe('manuals');
    expect(store.getState().filesView).toMatchObject({ baseId: 'manuals', total: 1 });
  });

  it('folds progress and changed events in without refetching the list', async () => {
    const { bridge, store } = setup();
    const stop = store.getState().watch();
    await bridge.subscribed();
    await new Promise((resolve) => setTimeout(resolve, 0));
    const listed = bridge.calls.filter((c) => c.route === 'knowledge.list').length;
    bridge.emit('knowledge.progress', { ...base('manuals').progress, state: 'indexing', filesDone: 0, filesTotal: 3 });
    expect(store.getState().progress.manuals?.state).toBe('indexing');
    bridge.emit('knowledge.changed', { baseId: 'new', base: base('new') });
    expect(store.getState().bases.map((b) => b.id)).toContain('new');
    bridge.emit('knowledge.changed', { baseId: 'manuals', base: null });
    expect(store.getState().bases.map((b) => b.id)).not.toContain('manuals');
    expect(store.getState().selectedId).not.toBe('manuals');
    expect(bridge.calls.filter((c) => c.route === 'knowledge.list')).toHaveLength(listed);
    stop();
  });

  it('creates a base and selects it; a refused source is left to the form', async () => {
    const { bridge, store } = setup();
    bridge.handlers['knowledge.create'] = async ({ name }) => base(name);
    await store.getState().create('notes', { kind: 'folder', path: '/docs' });
    expect(store.getState().selectedId).toBe('notes');

    const refused = new OutpostError('bad_request', 'not inside a granted folder', {
      path: '/x',
      reason: 'not_granted',
    });
    bridge.handlers['knowledge.addSource'] = async () => {
      throw refused;
    };
    await expect(store.getState().addSource('notes', { kind: 'folder', path: '/x' })).rejects.toBe(refused);
    expect(needsGrant(refused)).toBe(true);
    expect(needsGrant(new OutpostError('bad_request', 'not a folder', { path: '/x' }))).toBe(false);
    expect(store.getState().error).toBeNull();

    bridge.handlers['tools.grantFolder'] = async (input) => ({ id: 1, path: input.path, agentId: null, createdAt: 1 });
    await store.getState().grantFor({ kind: 'file', path: '/x/y.pdf' });
    expect(bridge.calls.at(-1)).toEqual({ route: 'tools.grantFolder', input: { path: '/x', agentId: null } });
  });
});
