/**
 * Folder triggers on real temp folders (create, modify, rename, a burst of 100 files debounced into one run, the
 * path handed to the run) and the Markdown output written into a granted folder. The agent's model is not
 * installed for the trigger tests, so runs end at once: these tests are about which runs exist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Run } from '@contract';
import { testAgent } from '../chat/testing/chatHarness';
import { makeTempDir } from '../testing/testPorts';
import { createJobsHarness, jobInput, type JobsHarness } from './testing/jobsHarness';

let h: JobsHarness;
let folder: string;

beforeEach(async () => {
  h = await createJobsHarness();
  h.chat.agents.create(testAgent({ id: 'offline', model: { preferred: 'not-installed' } }));
  h.chat.agents.create(testAgent({ id: 'writer' }));
  folder = fs.realpathSync(makeTempDir('outpost-job-folder-'));
});
afterEach(async () => {
  await h.dispose();
});

const folderRuns = (jobId: string) => h.jobs.listRuns({ jobId, limit: 500 }).reverse();
async function nextFolderRun(jobId: string, after: number): Promise<Run> {
  return h.chat.sink.next(
    'runs.changed',
    (r) => r.jobId === jobId && r.trigger === 'folder' && folderRuns(jobId).length > after,
  );
}

describe('folder triggers', () => {
  it('refuses a folder that is not granted to the agent', () => {
    expect(() =>
      h.jobs.create(jobInput('offline', { trigger: { kind: 'folder', path: folder, debounceMs: 300 } })),
    ).toThrow(expect.objectContaining({ code: 'bad_request' }));
  });

  it('runs for a new, a changed and a renamed file, handing the path to the run', async () => {
    h.chat.stores.grants.grant(folder, 'offline');
    const job = h.jobs.create(jobInput('offline', { trigger: { kind: 'folder', path: folder, debounceMs: 300 } }));
    await h.jobs.foldersReady();
    // The row says when files start to count; the change event carries it.
    expect(h.jobs.get(job.id).watching).toBe(true);
    expect(h.chat.sink.of('jobs.changed').some((e) => e.id === job.id && e.job?.watching === true)).toBe(true);
    const file = path.join(folder, 'invoice.txt');
    fs.writeFileSync(file, 'one');
    const created = await nextFolderRun(job.id, 0);
    expect(created.triggerPath).toBe(file);
    await h.ended(created.id);
    fs.appendFileSync(file, ' two');
    expect((await nextFolderRun(job.id, 1)).triggerPath).toBe(file);
    const renamed = path.join(folder, 'invoice-paid.txt');
    fs.renameSync(file, renamed);
    expect((await nextFolderRun(job.id, 2)).triggerPath).toBe(renamed);
  }, 60_000);

  it('turns a burst of 100 files into a bounded number of runs that together name every file', async () => {
    h.chat.stores.grants.grant(folder, null);
    const job = h.jobs.create(jobInput('offline', { trigger: { kind: 'folder', path: folder, debounceMs: 1_500 } }));
    await h.jobs.foldersReady();
    const names = Array.from({ length: 100 }, (_, i) => path.join(folder, `scan-${String(i).padStart(3, '0')}.txt`));
    for (const name of names) fs.writeFileSync(name, 'x');
    await nextFolderRun(job.id, 0);
    // Quiet for the debounce again: whatever else arrives comes in the same way.
    await expect
      .poll(
        () =>
          folderRuns(job.id)
            .flatMap((r) => r.triggerPath?.split('\n') ?? [])
            .filter((p) => !p.startsWith('…')).length +
          folderRuns(job.id).reduce((n, r) => n + Number(/… and (\d+) more/.exec(r.triggerPath ?? '')?.[1] ?? 0), 0),
        { timeout: 30_000, interval: 200 },
      )
      .toBe(100);
    const runs = folderRuns(job.id);
    expect(runs.length).toBeLessThanOrEqual(3);
    expect(runs[0]!.triggerPath!.split('\n').length).toBeLessThanOrEqual(51);
  }, 60_000);

  it('stops watching when the job is disabled', async () => {
    h.chat.stores.grants.grant(folder, 'offline');
    const job = h.jobs.create(jobInput('offline', { trigger: { kind: 'folder', path: folder, debounceMs: 200 } }));
    h.jobs.setEnabled(job.id, false);
    await h.jobs.foldersReady();
    fs.writeFileSync(path.join(folder, 'ignored.txt'), 'x');
    // A second, enabled job on the same folder proves events were delivered meanwhile.
    const other = h.jobs.create(jobInput('offline', { trigger: { kind: 'folder', path: folder, debounceMs: 200 } }));
    await h.jobs.foldersReady();
    fs.writeFileSync(path.join(folder, 'seen.txt'), 'x');
    await nextFolderRun(other.id, 0);
    expect(folderRuns(job.id)).toEqual([]);
  }, 60_000);
});

describe('Markdown, note and task output', () => {
  it("writes the answer of each run into the granted folder, the agent's notes and its task list", async () => {
    h.chat.stores.grants.grant(folder, 'writer');
    const output = { markdownFolder: folder, note: true, task: true };
    const job = h.jobs.create(jobInput('writer', { name: 'Daily note', output }));
    const run = await h.ended(h.jobs.runNow(job.id).id);
    expect(run.status).toBe('succeeded');
    expect(run.outputFile).toMatch(new RegExp(`^${folder}/daily-note-.*\\.md$`));
    const answer = h.chat.conversations.getMessage(run.answerMessageId!).content;
    expect(fs.readFileSync(run.outputFile!, 'utf8')).toContain(answer);
    expect(fs.readFileSync(run.outputFile!, 'utf8').startsWith('# Daily note\n')).toBe(true);
    expect(h.chat.stores.notes.list('writer').map((n) => n.body)).toEqual([answer]);
    expect(h.chat.stores.tasks.list('writer').map((t) => t.title)).toEqual([expect.stringMatching(/^Daily note: /)]);
    // The run names what it saved (row and event), and its detail resolves them.
    const [note] = h.chat.stores.notes.list('writer');
    const [task] = h.chat.stores.tasks.list('writer');
    expect(run).toMatchObject({ outputNoteId: note!.id, outputTaskId: task!.id });
    expect(h.jobs.listRuns({ jobId: job.id, limit: 1 })[0]).toMatchObject({
      outputNoteId: note!.id,
      outputTaskId: task!.id,
    });
    expect(h.jobs.runDetail(run.id).outputs).toEqual({
      note: { id: note!.id, title: note!.title, body: answer },
      task: { id: task!.id, title: task!.title, done: false },
    });
    h.chat.stores.notes.delete('writer', note!.id);
    h.chat.stores.tasks.complete('writer', task!.id);
    expect(h.jobs.runDetail(run.id)).toMatchObject({
      run: { outputNoteId: note!.id },
      outputs: { note: null, task: { id: task!.id, done: true } },
    });
  }, 120_000);
});
