/** Folder triggers and Markdown outputs may only use folders the user granted to the job's agent. */
import { OutpostError } from '@contract';
import { resolveGrantedPath } from '../tools/safePath';

export interface GrantSource {
  forAgent(agentId: string): readonly { path: string }[];
}

/** The folder's real path; bad_request when it is not inside a folder granted to the agent (or to every agent). */
export function grantedFolder(grants: GrantSource, agentId: string, folder: string, use: string): string {
  try {
    return resolveGrantedPath(
      folder,
      grants.forAgent(agentId).map((g) => g.path),
    ).realPath;
  } catch (error) {
    throw new OutpostError(
      'bad_request',
      `${use} must be a folder granted to the agent (Agents → tools → folders): ${folder}`,
      { field: use, path: folder, reason: error instanceof Error ? error.message : String(error) },
    );
  }
}
