/**
 * Installed models: files in `<dataDir>/models` (copied, downloaded or found by scanning) and files
 * linked where they are. Every file passes our GGUF validator before it is registered or loaded.
 */
import { mkdirSync } from 'node:fs';
import { lstat, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { z } from 'zod';
import { LoadOptions, OutpostError, type InstalledModel } from '@contract';
import type { Logger } from '../ports';
import { copyToTemporary, temporaryPathFor, type CopyProgress } from './modelFileCopy';
import { isInsideDir, listModelFiles, requireAbsolutePath } from './modelFiles';
import { inspectModelFile, type Inspection } from './modelInspection';
import { ModelRowMapper, type ModelRow, type ModelSource } from './modelRows';
import { ModelTable, type PresentFile } from './modelTable';

export const MODELS_DIR_NAME = 'models';
export const modelsDirFor = (dataDir: string): string => path.join(dataDir, MODELS_DIR_NAME);

export type RegisterMode = 'copy' | 'link';

export class ModelRegistry {
  private readonly rows: ModelRowMapper;
  private readonly table: ModelTable;
  /** Serialises scans, renames, inserts and deletes so a scan never races a registration. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    db: Database,
    dbFile: string,
    readonly modelsDir: string,
    private readonly logger: Logger,
    now: () => number,
  ) {
    this.rows = new ModelRowMapper(logger);
    this.table = new ModelTable(db, dbFile, now);
    try {
      mkdirSync(modelsDir, { recursive: true });
    } catch (error) {
      throw new OutpostError('storage_error', `Could not create the models folder ${modelsDir}: ${String(error)}`, {
        file: modelsDir,
      });
    }
  }

  /** Registers new `*.gguf` files in the models folder and refreshes what changed on disk. Never throws for a bad file. */
  scan(): Promise<InstalledModel[]> {
    return this.exclusive(async () => {
      await mkdir(this.modelsDir, { recursive: true });
      const known = new Set<string>();
      for (const row of this.table.all()) {
        known.add(row.path);
        await this.refresh(row, true);
      }
      const files = await listModelFiles(this.modelsDir).catch((error: unknown) => {
        throw new OutpostError(
          'storage_error',
          `Could not read the models folder ${this.modelsDir}: ${String(error)}`,
          {
            file: this.modelsDir,
          },
        );
      });
      for (const file of files.filter((f) => !known.has(f))) {
        const inspection = await inspectModelFile(file);
        if (inspection.kind === 'missing') continue; // gone between listing and reading
        if (inspection.kind === 'invalid')
          this.logger.warn('model file is not usable', { file, problem: inspection.message });
        this.insert(file, 'scanned', inspection);
      }
      return this.list();
    });
  }

  /** Validates `sourcePath`, then copies it into the models folder or links it where it is. */
  async register(
    sourcePath: string,
    mode: RegisterMode,
    signal?: AbortSignal,
    onProgress?: CopyProgress,
  ): Promise<InstalledModel> {
    const source = requireAbsolutePath(sourcePath, 'The model file');
    const fileName = path.basename(source);
    if (isInsideDir(this.modelsDir, source)) return this.registerInPlace(source, 'scanned');
    const first = await inspectModelFile(source); // header first: nothing is copied or stored for a bad file
    if (first.kind === 'missing') throw notFound(source);
    if (first.kind === 'invalid') throw invalidModel(source, first);
    if (mode === 'link') {
      return this.exclusive(async () => {
        this.assertPathFree(source);
        return this.insert(source, 'linked', first);
      });
    }

    const targetName = /\.gguf$/i.test(fileName) ? fileName : `${fileName}.gguf`;
    const target = path.join(this.modelsDir, targetName);
    await this.assertTargetFree(target);
    const temporary = temporaryPathFor(target);
    await copyToTemporary(source, temporary, first.sizeBytes, { signal, onProgress });
    try {
      return await this.exclusive(async () => {
        if (signal?.aborted) throw new OutpostError('aborted', `Copying ${fileName} was cancelled; nothing was kept`);
        await this.assertTargetFree(target);
        const copied = await inspectModelFile(temporary); // the source may have changed during the copy
        if (copied.kind !== 'valid') throw invalidModel(source, copied.kind === 'missing' ? gone(first) : copied);
        await rename(temporary, target);
        try {
          return this.insert(target, 'copied', copied);
        } catch (error) {
          await rm(target, { force: true });
          throw error;
        }
      });
    } finally {
      await rm(temporary, { force: true });
    }
  }

  /** Registers a file the download manager finished inside the models folder. */
  async registerDownloaded(filePath: string): Promise<InstalledModel> {
    const file = path.resolve(filePath);
    if (!isInsideDir(this.modelsDir, file)) {
      throw new OutpostError('bad_request', `Downloaded models must be inside ${this.modelsDir}: ${file}`, { file });
    }
    return this.registerInPlace(file, 'downloaded');
  }

  list(): InstalledModel[] {
    return this.table.all().map((row) => this.rows.toModel(row));
  }

  get(id: string): InstalledModel {
    return this.rows.toModel(this.rowOrThrow(id));
  }

  setLoadOptions(id: string, options: z.input<typeof LoadOptions>): InstalledModel {
    this.rowOrThrow(id);
    const parsed = LoadOptions.safeParse(options);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`);
      throw new OutpostError('bad_request', `Invalid load options: ${issues.join('; ')}`, {
        issues: parsed.error.issues,
      });
    }
    this.table.update(id, { load_options_json: JSON.stringify(parsed.data) });
    return this.get(id);
  }

  /** Forgets a model; deletes its file only when it lives in the models folder (never a linked file). */
  remove(id: string): Promise<{ freedBytes: number }> {
    return this.exclusive(async () => {
      const row = this.rowOrThrow(id);
      let freedBytes = 0;
      if (row.source !== 'linked' && isInsideDir(this.modelsDir, row.path)) {
        freedBytes = await deleteFile(row.path);
      }
      this.table.delete(id);
      return { freedBytes };
    });
  }

  /** Re-validates a model's file right before it is loaded; throws `not_found` / `invalid_model` naming the file. */
  recheck(id: string): Promise<InstalledModel> {
    return this.exclusive(async () => {
      const row = this.rowOrThrow(id);
      const inspection = await this.refresh(row, false);
      if (inspection.kind === 'missing') {
        throw new OutpostError('not_found', `${row.file_name} is missing: ${row.path}`, {
          file: row.path,
          modelId: id,
        });
      }
      if (inspection.kind === 'invalid') throw invalidModel(row.path, inspection);
      return this.get(id);
    });
  }

  private registerInPlace(file: string, source: ModelSource): Promise<InstalledModel> {
    return this.exclusive(async () => {
      this.assertPathFree(file);
      const inspection = await inspectModelFile(file);
      if (inspection.kind === 'missing') throw notFound(file);
      if (inspection.kind === 'invalid') throw invalidModel(file, inspection);
      return this.insert(file, source, inspection);
    });
  }

  /** Brings a row up to date with its file; `trustUnchanged` skips re-reading a file whose size and mtime match. */
  private async refresh(row: ModelRow, trustUnchanged: boolean): Promise<Inspection> {
    const known = { sizeBytes: row.size_bytes, mtimeMs: row.file_mtime_ms, metadata: this.rows.toModel(row).metadata };
    const inspection = await inspectModelFile(row.path, known, {
      trustUnchanged: trustUnchanged && row.problem === null,
    });
    if (inspection.kind === 'missing') {
      const problem = `file is missing: ${row.path}`;
      if (row.problem !== problem) this.table.update(row.id, { problem });
      return inspection;
    }
    const valid = inspection.kind === 'valid';
    const next = {
      size_bytes: inspection.sizeBytes,
      file_mtime_ms: inspection.mtimeMs,
      metadata_json: valid ? JSON.stringify(inspection.metadata) : null,
      problem: valid ? null : inspection.message,
    };
    const changed = (Object.keys(next) as Array<keyof typeof next>).some((column) => next[column] !== row[column]);
    if (changed) this.table.update(row.id, next);
    return inspection;
  }

  private insert(file: string, source: ModelSource, inspection: PresentFile): InstalledModel {
    return this.get(this.table.insert(file, path.basename(file), source, inspection));
  }

  private assertPathFree(file: string): void {
    const id = this.table.idForPath(file);
    if (id !== undefined) {
      throw new OutpostError('conflict', `${path.basename(file)} is already installed (as "${id}")`, {
        file,
        modelId: id,
      });
    }
  }

  private async assertTargetFree(target: string): Promise<void> {
    this.assertPathFree(target);
    const existing = await lstat(target).catch(() => null);
    if (existing) {
      throw new OutpostError(
        'conflict',
        `A file named ${path.basename(target)} is already in the models folder (${this.modelsDir}); rename one of them first`,
        { file: target },
      );
    }
  }

  private rowOrThrow(id: string): ModelRow {
    const row = this.table.byId(id);
    if (!row) throw new OutpostError('not_found', `No installed model with id "${id}"`, { modelId: id });
    return row;
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.queue.then(task, task);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

const notFound = (file: string): OutpostError =>
  new OutpostError('not_found', `${path.basename(file)}: file not found (${file})`, { file });

function invalidModel(file: string, inspection: Extract<Inspection, { kind: 'invalid' }>): OutpostError {
  return new OutpostError('invalid_model', `${path.basename(file)}: ${inspection.message}`, {
    file,
    reason: inspection.reason,
    ...(inspection.field ? { field: inspection.field } : {}),
  });
}

const gone = (previous: PresentFile): Extract<Inspection, { kind: 'invalid' }> => ({
  kind: 'invalid',
  reason: 'unreadable',
  message: 'the copy disappeared before it could be checked',
  sizeBytes: previous.sizeBytes,
  mtimeMs: previous.mtimeMs,
});

/** Deletes a file (or a symlink, never its target); returns the bytes freed. */
async function deleteFile(file: string): Promise<number> {
  try {
    const stats = await lstat(file);
    await rm(file);
    return stats.isFile() ? stats.size : 0;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 0;
    const hint = code === 'EBUSY' || code === 'EPERM' ? 'it is in use; unload the model and try again' : String(error);
    throw new OutpostError('storage_error', `Could not delete ${file}: ${hint}`, { file, code: code ?? null });
  }
}
