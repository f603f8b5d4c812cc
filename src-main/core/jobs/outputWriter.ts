/** A job's optional Markdown output: each run's answer as a file in a folder granted to the job's agent. */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Run } from '@contract';
import { grantedFolder, type GrantSource } from './folderAccess';
import type { JobRecord } from './jobStore';

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
