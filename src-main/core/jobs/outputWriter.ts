/**
 * A job's optional outputs: each run's answer as a Markdown file in a folder granted to the job's agent, as a
 * note of the agent, and as a task on the agent's list (the notes/tasks its own tools read).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Run, RunOutputs } from '@contract';
import { grantedFolder, type GrantSource } from './folderAccess';
import type { JobRecord } from './jobStore';

/** Where notes and tasks go: the agent's own stores (tools/noteStore.ts, tools/taskStore.ts). */
export interface NoteAndTaskStores {
  notes: {
    create(agentId: string, title: string, body: string): { id: number };
    find(id: number): { id: number; title: string; body: string } | null;
  };
  tasks: {
    add(agentId: string, title: string, dueDate: string | null): { id: number };
    find(id: number): { id: number; title: string; doneAt: number | null } | null;
  };
}

/** The note and task a run saved, as they are now: the run detail links to them (null once deleted). */
export function runOutputs(stores: NoteAndTaskStores, run: Pick<Run, 'outputNoteId' | 'outputTaskId'>): RunOutputs {
  const note = run.outputNoteId === null ? null : stores.notes.find(run.outputNoteId);
  const task = run.outputTaskId === null ? null : stores.tasks.find(run.outputTaskId);
  return {
    note: note && { id: note.id, title: note.title, body: note.body },
    task: task && { id: task.id, title: task.title, done: task.doneAt !== null },
  };
}

/** The answer's first non-empty line, without Markdown heading or list marks, capped for a task title. */
export function taskTitleFor(job: JobRecord, answer: string): string {
  const first = answer
    .split('\n')
    .map((line) => line.replace(/^\s*(?:#+|[-*]|\d+\.)\s*/, '').trim())
    .find((line) => line.length > 0);
  return `${job.name}: ${first ?? 'done'}`.slice(0, 500);
}

/** Saves the note and the task the job asks for; returns what was made (ids), for the log. */
export function saveNoteAndTask(
  stores: { notes: Pick<NoteAndTaskStores['notes'], 'create'>; tasks: Pick<NoteAndTaskStores['tasks'], 'add'> },
  job: JobRecord,
  run: Pick<Run, 'id'>,
  answer: string,
  at: number,
): { noteId: number | null; taskId: number | null } {
  const noteId = job.output.note
    ? stores.notes.create(
        job.agentId,
        `${job.name} — ${new Date(at).toISOString().slice(0, 16)} (run ${run.id.slice(0, 8)})`,
        answer,
      ).id
    : null;
  const taskId = job.output.task ? stores.tasks.add(job.agentId, taskTitleFor(job, answer), null).id : null;
  return { noteId, taskId };
}

export function fileNameFor(job: JobRecord, run: Run, at: number): string {
  const slug =
    job.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'job';
  return `${slug}-${new Date(at).toISOString().replace(/[:.]/g, '-')}-${run.id.slice(0, 8)}.md`;
}

/** Writes the answer (re-checking the grant: it may have been revoked since the job was saved); null without a folder. */
export async function writeRunOutput(
  grants: GrantSource,
  job: JobRecord,
  run: Run,
  answer: string,
  at: number,
): Promise<string | null> {
  const folder = job.output.markdownFolder;
  if (!folder) return null;
  const real = grantedFolder(grants, job.agentId, folder, 'output.markdownFolder');
  const file = path.join(real, fileNameFor(job, run, at));
  const heading = `# ${job.name}\n\n_Run ${run.id} (${run.trigger}), ${new Date(at).toISOString()}_\n\n`;
  // 'wx': never overwrite a file that is already there.
  await fs.writeFile(file, `${heading}${answer}\n`, { flag: 'wx' });
  return file;
}
