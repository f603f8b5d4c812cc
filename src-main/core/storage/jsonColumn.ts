/**
 * The read boundary for our own JSON columns: parsed and checked against a schema, so a damaged or
 * out-of-date value reads as `fallback` instead of reaching code that trusts its type.
 */
import type { z } from 'zod';
import { tryParseJson } from '../lib/jsonText';

export function parseJsonColumn<T>(text: string | null | undefined, schema: z.ZodType<T>, fallback: T): T {
  if (text === null || text === undefined) return fallback;
  const parsed = schema.safeParse(tryParseJson(text));
  return parsed.success ? parsed.data : fallback;
}
