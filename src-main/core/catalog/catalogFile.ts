/**
 * Loads the curated catalog. Each entry is validated on its own: a bad entry is skipped with a warning that
 * names it, so one typo never hides the whole catalog, and nothing here ever throws.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import type { CatalogModel } from '../../../src-preload/contract/catalog';
import type { Logger } from '../ports';
import { CatalogDocumentSchema, CatalogEntrySchema } from './catalogSchema';

export interface SkippedCatalogEntry {
  /** Position in the file's `models` array; -1 when the whole file was unusable. */
  index: number;
  id: string | null;
  reason: string;
}

export interface LoadedCatalog {
  models: CatalogModel[];
  skipped: SkippedCatalogEntry[];
}

/** A catalog larger than this is not ours; refuse it rather than parse it. */
const MAX_CATALOG_BYTES = 4 * 1024 * 1024;

export function loadCatalog(filePath: string, logger: Logger): LoadedCatalog {
  let text: string;
  try {
    const bytes = readFileSync(filePath);
    if (bytes.length > MAX_CATALOG_BYTES)
      return unusable(filePath, `it is larger than ${MAX_CATALOG_BYTES} bytes`, logger);
    text = bytes.toString('utf8');
  } catch (error) {
    return unusable(filePath, `it could not be read (${describeError(error)})`, logger);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return unusable(filePath, `it is not valid JSON (${describeError(error)})`, logger);
  }
  return parseCatalog(json, logger, filePath);
}

/** Validates an already-parsed catalog document. */
export function parseCatalog(document: unknown, logger: Logger, source = 'catalog'): LoadedCatalog {
  const outer = CatalogDocumentSchema.safeParse(document);
  if (!outer.success) return unusable(source, formatIssues(outer.error), logger);

  const models: CatalogModel[] = [];
  const skipped: SkippedCatalogEntry[] = [];
  const modelIds = new Set<string>();
  const variantOwners = new Map<string, string>();
  const fileOwners = new Map<string, string>();

  outer.data.models.forEach((raw, index) => {
    const id = peekId(raw);
    const skip = (reason: string) => {
      skipped.push({ index, id, reason });
      logger.warn('catalog entry skipped', { source, index, id, reason });
    };
    const parsed = CatalogEntrySchema.safeParse(raw);
    if (!parsed.success) return skip(formatIssues(parsed.error));
    const model = parsed.data;
    if (modelIds.has(model.id)) return skip(`duplicate model id '${model.id}' (the first one is kept)`);
    const clash = findClash(model, variantOwners, fileOwners);
    if (clash !== null) return skip(clash);

    modelIds.add(model.id);
    for (const variant of model.variants) {
      variantOwners.set(variant.id, model.id);
      for (const file of variant.files) fileOwners.set(file.fileName, model.id);
    }
    models.push(model);
  });
  return { models, skipped };
}

/** Variant ids and on-disk file names must be unique across the catalog: downloads are keyed by them. */
function findClash(
  model: CatalogModel,
  variantOwners: Map<string, string>,
  fileOwners: Map<string, string>,
): string | null {
  for (const variant of model.variants) {
    const owner = variantOwners.get(variant.id);
    if (owner !== undefined) return `variant id '${variant.id}' is already used by model '${owner}'`;
    for (const file of variant.files) {
      const fileOwner = fileOwners.get(file.fileName);
      if (fileOwner !== undefined) return `file name '${file.fileName}' is already used by model '${fileOwner}'`;
    }
  }
  return null;
}

function unusable(source: string, why: string, logger: Logger): LoadedCatalog {
  const reason = `The catalog ${source} is unusable: ${why}`;
  logger.warn('catalog unusable; showing an empty catalog', { source, reason });
  return { models: [], skipped: [{ index: -1, id: null, reason }] };
}

function peekId(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || !('id' in raw)) return null;
  return typeof raw.id === 'string' ? raw.id.slice(0, 200) : null;
}

/** "variants.0.files.1.sha256: Invalid string" — one line per issue, capped so a broken entry stays readable. */
export function formatIssues(error: z.ZodError): string {
  const lines = error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.length === 0 ? '(entry)' : issue.path.map(String).join('.');
    return `${where}: ${issue.message}`;
  });
  if (error.issues.length > 5) lines.push(`… and ${error.issues.length - 5} more`);
  return lines.join('; ');
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
