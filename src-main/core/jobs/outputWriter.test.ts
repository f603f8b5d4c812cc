/** A job's note and task outputs, on fake stores: made only when asked for, titled from the job and the answer. */
import { JobInput } from '@contract';
import { describe, expect, it } from 'vitest';
import type { JobRecord } from './jobStore';
import { saveNoteAndTask, taskTitleFor } from './outputWriter';

function job(output: Partial<JobInput['output']>): JobRecord {
  const input = JobInput.parse({
    name: 'Morning summary',
    agentId: 'writer',
    instruction: 'Summarise.',
    trigger: { kind: 'manual' },
    output,
  });
  return { ...input, id: 'job-1', conversationId: 'c', createdAt: 0, updatedAt: 0, scheduleCursor: null };
}

const run = { id: 'abcdef12-run' };

function fakeStores() {
  const notes: [string, string, string][] = [];
  const tasks: [string, string, string | null][] = [];
  return {
    notes,
    tasks,
    stores: {
      notes: { create: (a: string, t: string, b: string) => ({ id: notes.push([a, t, b]) }) },
      tasks: { add: (a: string, t: string, d: string | null) => ({ id: tasks.push([a, t, d]) }) },
    },
  };
}

describe('note and task outputs', () => {
  it('saves nothing unless the job asks', () => {
    const f = fakeStores();
    expect(saveNoteAndTask(f.stores, job({}), run, 'text', 0)).toEqual({ noteId: null, taskId: null });
    expect(f.notes).toEqual([]);
    expect(f.tasks).toEqual([]);
  });

  it("saves the answer as the agent's note and a task titled by its first line", () => {
    const f = fakeStores();
    const at = Date.parse('2026-12-05T09:00:00Z');
    const saved = saveNoteAndTask(
      f.stores,
      job({ note: true, task: true }),
      run,
      '\n## Call the bank\nabout the loan',
      at,
    );
    expect(saved).toEqual({ noteId: 1, taskId: 1 });
    expect(f.notes).toEqual([
      ['writer', 'Morning summary — 2026-12-05T09:00 (run abcdef12)', '\n## Call the bank\nabout the loan'],
    ]);
    expect(f.tasks).toEqual([['writer', 'Morning summary: Call the bank', null]]);
  });

  it('caps a task title and names an empty answer', () => {
    expect(taskTitleFor(job({}), 'x'.repeat(900))).toHaveLength(500);
    expect(taskTitleFor(job({}), '  \n- \n')).toBe('Morning summary: done');
  });
});
