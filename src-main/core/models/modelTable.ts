/** Data access for the `models` table: every write in a transaction, every failure a typed error. */
import type { Database } from 'better-sqlite3';
import { DEFAULT_LOAD_OPTIONS } from '@contract';
import { readQuery, writeTransaction } from '../storage/transactions';
import { modelIdFromFileName, uniqueModelId } from './modelIds';
import type { Inspection } from './modelInspection';
import { MODEL_COLUMNS, type ModelRow, type ModelSource } from './modelRows';

export type PresentFile = Exclude<Inspection, { kind: 'missing' }>;
export type RowChanges = Partial<
  Pick<ModelRow, 'size_bytes' | 'file_mtime_ms' | 'metadata_json' | 'problem' | 'load_options_json'>
>;

export class ModelTable {
  constructor(
    private readonly db: Database,
    private readonly dbFile: string,
    private readonly now: () => number,
  ) {}

  all(): ModelRow[] {
    return this.read(
      () => this.db.prepare(`SELECT ${MODEL_COLUMNS} FROM models ORDER BY added_at, id`).all() as ModelRow[],
    );
  }

  byId(id: string): ModelRow | undefined {
    return this.read(
      () => this.db.prepare(`SELECT ${MODEL_COLUMNS} FROM models WHERE id = ?`).get(id) as ModelRow | undefined,
    );
  }

  idForPath(file: string): string | undefined {
    const row = this.read(
      () => this.db.prepare('SELECT id FROM models WHERE path = ?').get(file) as { id: string } | undefined,
    );
    return row?.id;
  }

  /** Inserts a model under a fresh id derived from its file name; returns the id. */
  insert(file: string, fileName: string, source: ModelSource, inspection: PresentFile): string {
    return this.write('save the model', () => {
      const exists = this.db.prepare('SELECT 1 FROM models WHERE id = ?');
      const id = uniqueModelId(modelIdFromFileName(fileName), (candidate) => exists.get(candidate) !== undefined);
      const valid = inspection.kind === 'valid';
      this.db
        .prepare(`INSERT INTO models (${MODEL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(
          id,
          file,
          fileName,
          inspection.sizeBytes,
          inspection.mtimeMs,
          source,
          this.now(),
          valid ? JSON.stringify(inspection.metadata) : null,
          JSON.stringify(DEFAULT_LOAD_OPTIONS),
          valid ? null : inspection.message,
        );
      return id;
    });
  }

  update(id: string, changes: RowChanges): void {
    const columns = Object.keys(changes);
    if (columns.length === 0) return;
    const assignments = columns.map((column) => `${column} = @${column}`).join(', ');
    this.write('update the model list', () =>
      this.db.prepare(`UPDATE models SET ${assignments} WHERE id = @id`).run({ ...changes, id }),
    );
  }

  delete(id: string): void {
    this.write('remove the model', () => this.db.prepare('DELETE FROM models WHERE id = ?').run(id));
  }

  private read<T>(query: () => T): T {
    return readQuery({ db: this.db, dbFile: this.dbFile }, 'read the model list', query);
  }

  private write<T>(action: string, run: () => T): T {
    return writeTransaction({ db: this.db, dbFile: this.dbFile }, action, run, {
      conflict: 'That model is already installed',
    });
  }
}
