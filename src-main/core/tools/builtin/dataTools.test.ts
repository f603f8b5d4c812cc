import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FactStore } from '../../memory/factStore';
import { NoteStore } from '../noteStore';
import { TaskStore } from '../taskStore';
import { openTestDatabase, toolContext } from '../testing/toolTestKit';
import { currentDatetimeTool, describeInstant } from './currentDatetime';
import { createRecallTool, createRememberTool } from './memory';
import { createNotesCreateTool, createNotesSearchTool } from './notes';
import { createTasksTool } from './tasks';

let db: Database;
const ctx = toolContext();
const otherAgent = toolContext({ agentId: 'agent-b' });
beforeEach(() => {
  db = openTestDatabase();
});
afterEach(() => db.close());

describe('current_datetime', () => {
  it('describes the instant in a named zone, including DST offsets', async () => {
    const out = await currentDatetimeTool.run({ timeZone: 'Asia/Kolkata' }, ctx);
    expect(out).toEqual({
      utc: '2026-11-03T13:05:09.000Z',
      local: '2026-11-03T18:35:09+05:30',
      weekday: 'Tuesday',
      timeZone: 'Asia/Kolkata',
      utcOffset: '+05:30',
    });
    expect(describeInstant(Date.parse('2026-07-01T12:00:00Z'), 'Europe/Paris').utcOffset).toBe('+02:00');
    expect(describeInstant(0, 'UTC').local).toBe('1970-01-01T00:00:00+00:00');
  });

  it('uses the system zone by default and rejects unknown zones', async () => {
    const out = await currentDatetimeTool.run({}, ctx);
    expect(out.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    const bad = currentDatetimeTool.inputSchema.safeParse({ timeZone: 'Mars/Olympus_Mons' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/IANA/);
  });
});

describe('notes', () => {
  it('creates, lists and searches notes per agent', async () => {
    const notes = new NoteStore(db, Date.now);
    const create = createNotesCreateTool(notes);
    const search = createNotesSearchTool(notes);
    await create.run({ title: 'Groceries', body: 'milk, eggs, sourdough bread' }, ctx);
    await create.run({ title: 'Trip', body: 'Book the train to Lyon' }, ctx);
    await create.run({ title: 'Other agent', body: 'bread recipe' }, otherAgent);
    const found = await search.run({ query: 'bread' }, ctx);
    expect(found.notes.map((n) => n.title)).toEqual(['Groceries']);
    const recent = await search.run({ query: '' }, ctx);
    expect(recent.notes).toHaveLength(2);
    // FTS5 syntax in model text is just words, not an error.
    expect((await search.run({ query: 'train" OR NEAR(* :' }, ctx)).notes.map((n) => n.title)).toEqual(['Trip']);
    expect(create.inputSchema.safeParse({ title: '  ', body: 'x' }).success).toBe(false);
  });
});

describe('tasks', () => {
  it('adds, lists, completes and deletes tasks', async () => {
    const tool = createTasksTool(new TaskStore(db, Date.now));
    const later = await tool.run({ action: 'add', title: 'Renew passport', dueDate: '2026-12-01' }, ctx);
    await tool.run({ action: 'add', title: 'Call mum' }, ctx);
    await tool.run({ action: 'add', title: 'Pay rent', dueDate: '2026-11-05' }, ctx);
    const listed = await tool.run({ action: 'list' }, ctx);
    expect('tasks' in listed && listed.tasks.map((t) => t.title)).toEqual(['Pay rent', 'Renew passport', 'Call mum']);
    const id = 'task' in later ? later.task.id : 0;
    expect(await tool.run({ action: 'complete', id }, ctx)).toMatchObject({ task: { id, done: true } });
    const open = await tool.run({ action: 'list' }, ctx);
    expect('tasks' in open && open.tasks).toHaveLength(2);
    expect(await tool.run({ action: 'delete', id }, ctx)).toEqual({ deleted: id });
    await expect(tool.run({ action: 'complete', id }, ctx)).rejects.toMatchObject({ code: 'not_found' });
    await expect(tool.run({ action: 'delete', id: 1 }, otherAgent)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('rejects an add without a title, an id-less complete and a bad date', () => {
    const tool = createTasksTool(new TaskStore(db, Date.now));
    const noTitle = tool.inputSchema.safeParse({ action: 'add' });
    expect(noTitle.error?.issues[0]).toMatchObject({ path: ['title'], message: 'add needs a title' });
    expect(tool.inputSchema.safeParse({ action: 'complete' }).success).toBe(false);
    expect(tool.inputSchema.safeParse({ action: 'add', title: 'x', dueDate: 'next tuesday' }).success).toBe(false);
  });
});

describe('remember / recall and the fact store', () => {
  it('remembers per agent, recalls by keyword, shares global facts', async () => {
    const facts = new FactStore(db, Date.now);
    const remember = createRememberTool(facts);
    const recall = createRecallTool(facts);
    await remember.run({ fact: "The user's dog is called Rex." }, ctx);
    await remember.run({ fact: 'The user prefers metric units.' }, ctx);
    await remember.run({ fact: 'Agent B secret: the dog is a cat.' }, otherAgent);
    facts.add(null, 'The household has one dog and two cats.', 'user');
    const found = await recall.run({ query: 'dog name' }, ctx);
    expect(found.facts.map((f) => f.fact)).toEqual([
      "The user's dog is called Rex.",
      'The household has one dog and two cats.',
    ]);
    expect((await recall.run({ query: 'units', limit: 1 }, ctx)).facts).toHaveLength(1);
    expect(facts.list({ agentId: 'agent-a' })).toHaveLength(3);
    expect(facts.list()[0]?.source).toBe('user');
    expect(facts.list({ agentId: 'agent-a' }).at(-1)?.source).toBe('agent:agent-a/conversation:conv-1');
  });

  it('deletes a fact (only the owner may, when scoped) and search forgets it', () => {
    const facts = new FactStore(db, Date.now);
    const fact = facts.add('agent-a', 'Wifi password is on the fridge', 'user');
    expect(facts.search('agent-a', 'wifi', 5)).toHaveLength(1);
    expect(facts.delete(fact.id, 'agent-b')).toBe(false);
    expect(facts.delete(fact.id, 'agent-a')).toBe(true);
    expect(facts.search('agent-a', 'wifi', 5)).toEqual([]);
    expect(facts.search('agent-a', '"*', 5)).toEqual([]);
  });
});
