/** The `models` table row and its mapping to the contract's InstalledModel. */
import { DEFAULT_LOAD_OPTIONS, LoadOptions, ModelMetadata, type InstalledModel } from '@contract';
import { tryParseJson } from '../lib/jsonText';
import type { Logger } from '../ports';

export type ModelSource = InstalledModel['source'];

export interface ModelRow {
  id: string;
  path: string;
  file_name: string;
  size_bytes: number;
  file_mtime_ms: number | null;
  source: ModelSource;
  added_at: number;
  metadata_json: string | null;
  load_options_json: string;
  problem: string | null;
}

export const MODEL_COLUMNS =
  'id, path, file_name, size_bytes, file_mtime_ms, source, added_at, metadata_json, load_options_json, problem';

/** Maps a row, falling back (with one warning per model and column) when stored JSON no longer parses. */
export class ModelRowMapper {
  private readonly warned = new Set<string>();

  constructor(private readonly logger: Logger) {}

  toModel(row: ModelRow): InstalledModel {
    const options = LoadOptions.safeParse(tryParseJson(row.load_options_json));
    if (!options.success) this.warnOnce(row, 'load options', row.load_options_json);
    const metadata = row.metadata_json === null ? null : ModelMetadata.safeParse(tryParseJson(row.metadata_json));
    if (metadata && !metadata.success) this.warnOnce(row, 'metadata', row.metadata_json ?? '');
    return {
      id: row.id,
      fileName: row.file_name,
      path: row.path,
      sizeBytes: row.size_bytes,
      source: row.source,
      addedAt: row.added_at,
      metadata: metadata?.success ? metadata.data : null,
      problem: row.problem,
      loadOptions: options.success ? options.data : { ...DEFAULT_LOAD_OPTIONS },
    };
  }

  private warnOnce(row: ModelRow, what: string, stored: string): void {
    const key = `${row.id}:${what}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.logger.warn(`stored ${what} of a model are invalid; using defaults`, {
      modelId: row.id,
      stored: stored.slice(0, 200),
    });
  }
}
