import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { OutpostError } from '@contract';

export interface FolderGrant {
  id: number;
  /** null: every agent may use it. */
  agentId: string | null;
  /** Real path at grant time (symlinks resolved). */
  path: string;
  createdAt: number;
}

interface GrantRow {
  id: number;
  agent_id: string | null;
  path: string;
  created_at: number;
}

/** Folders the user has let agents read, globally or per agent. File tools see nothing else. */
export class GrantedFolders {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  /** Stores the folder's real path; throws when it is not an existing directory. */
  grant(folder: string, agentId: string | null): FolderGrant {
    if (!path.isAbsolute(folder)) {
      throw new OutpostError('bad_request', `A granted folder must be an absolute path: ${folder}`, { path: folder });
    }
    let real: string;
    try {
      real = fs.realpathSync(folder);
    } catch {
      throw new OutpostError('not_found', `No folder at ${folder}`, { path: folder });
    }
    if (!fs.statSync(real).isDirectory()) {
      throw new OutpostError('bad_request', `Not a folder: ${folder}`, { path: folder });
    }
    this.db
      .prepare('INSERT OR IGNORE INTO granted_folders (agent_id, path, created_at) VALUES (?, ?, ?)')
      .run(agentId, real, this.now());
    const row = this.db
      .prepare("SELECT * FROM granted_folders WHERE ifnull(agent_id, '') = ifnull(?, '') AND path = ?")
      .get(agentId, real) as GrantRow;
    return toGrant(row);
  }

  revoke(id: number): boolean {
    return this.db.prepare('DELETE FROM granted_folders WHERE id = ?').run(id).changes > 0;
  }

  /** Grants that apply to an agent: its own plus the global ones. */
  forAgent(agentId: string): FolderGrant[] {
    const rows = this.db
      .prepare('SELECT * FROM granted_folders WHERE agent_id IS NULL OR agent_id = ? ORDER BY id')
      .all(agentId) as GrantRow[];
    return rows.map(toGrant);
  }

  listAll(): FolderGrant[] {
    return (this.db.prepare('SELECT * FROM granted_folders ORDER BY id').all() as GrantRow[]).map(toGrant);
  }
}

function toGrant(row: GrantRow): FolderGrant {
  return { id: row.id, agentId: row.agent_id, path: row.path, createdAt: row.created_at };
}
