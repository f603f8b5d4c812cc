/** Data access for the `downloads` table: every write in a transaction, every failure a typed error. */
import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import { parseJsonColumn } from '../storage/jsonColumn';
import { readQuery, writeTransaction } from '../storage/transactions';
import type { CheckKind, DownloadRecord, DownloadState, VerifiedBy } from './downloadTypes';

interface DownloadRow {
  id: string;
  model_id: string;
  variant_id: string;
  file_name: string;
  urls_json: string;
  expected_size_bytes: number;
  size_verified: 0 | 1;
  expected_sha256: string | null;
  dest_path: string;
  check_kind: CheckKind;
  state: DownloadState;
  url_index: number;
  received_bytes: number;
  total_bytes: number | null;
  etag: string | null;
  last_modified: string | null;
  sha256: string | null;
  verified_by: VerifiedBy | null;
  error_code: string | null;
  error_message: string | null;
  installed_model_id: string | null;
  created_at: number;
  updated_at: number;
}

const COLUMNS = [
  'id',
  'model_id',
  'variant_id',
  'file_name',
  'urls_json',
  'expected_size_bytes',
  'size_verified',
  'expected_sha256',
  'dest_path',
  'check_kind',
  'state',
  'url_index',
  'received_bytes',
  'total_bytes',
  'etag',
  'last_modified',
  'sha256',
  'verified_by',
  'error_code',
  'error_message',
  'installed_model_id',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof DownloadRow)[];

function toRow(record: DownloadRecord): DownloadRow {
  return {
    id: record.id,
    model_id: record.modelId,
    variant_id: record.variantId,
    file_name: record.file.fileName,
    urls_json: JSON.stringify(record.file.urls),
    expected_size_bytes: record.file.sizeBytes,
    size_verified: record.file.sizeVerified ? 1 : 0,
    expected_sha256: record.file.sha256,
    dest_path: record.destPath,
    check_kind: record.check,
    state: record.state,
    url_index: record.urlIndex,
    received_bytes: record.receivedBytes,
    total_bytes: record.totalBytes,
    etag: record.etag,
    last_modified: record.lastModified,
    sha256: record.sha256,
    verified_by: record.verifiedBy,
    error_code: record.error?.code ?? null,
    error_message: record.error?.message ?? null,
    installed_model_id: record.installedModelId,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
  };
}

function fromRow(row: DownloadRow): DownloadRecord {
  return {
    id: row.id,
    modelId: row.model_id,
    variantId: row.variant_id,
    file: {
      fileName: row.file_name,
      urls: parseJsonColumn(row.urls_json, z.array(z.string()), []),
      sizeBytes: row.expected_size_bytes,
      sizeVerified: row.size_verified === 1,
      sha256: row.expected_sha256,
    },
    destPath: row.dest_path,
    check: row.check_kind,
    state: row.state,
    urlIndex: row.url_index,
    receivedBytes: row.received_bytes,
    totalBytes: row.total_bytes,
    etag: row.etag,
    lastModified: row.last_modified,
    sha256: row.sha256,
    verifiedBy: row.verified_by,
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    installedModelId: row.installed_model_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class DownloadTable {
  private readonly upsertStatement: Statement;

  constructor(
    private readonly db: Database,
    private readonly dbFile: string,
  ) {
    const names = COLUMNS.join(', ');
    const values = COLUMNS.map((column) => `@${column}`).join(', ');
    const updates = COLUMNS.filter((column) => column !== 'id')
      .map((column) => `${column} = excluded.${column}`)
      .join(', ');
    this.upsertStatement = this.read(() =>
      db.prepare(`INSERT INTO downloads (${names}) VALUES (${values}) ON CONFLICT (id) DO UPDATE SET ${updates}`),
    );
  }

  all(): DownloadRecord[] {
    return this.read(() =>
      (
        this.db.prepare(`SELECT ${COLUMNS.join(', ')} FROM downloads ORDER BY created_at, id`).all() as DownloadRow[]
      ).map(fromRow),
    );
  }

  /** Inserts or replaces the whole row. */
  save(record: DownloadRecord): void {
    this.write('save the download', () => this.upsertStatement.run(toRow(record)));
  }

  /** Saves several records in one transaction (e.g. every active download at shutdown). */
  saveAll(records: readonly DownloadRecord[]): void {
    this.write('save the downloads', () => {
      for (const record of records) this.upsertStatement.run(toRow(record));
    });
  }

  private read<T>(query: () => T): T {
    return readQuery({ db: this.db, dbFile: this.dbFile }, 'read the download list', query);
  }

  private write(action: string, run: () => void): void {
    writeTransaction({ db: this.db, dbFile: this.dbFile }, action, run, {
      conflict: 'Another download already writes to the same file',
    });
  }
}
