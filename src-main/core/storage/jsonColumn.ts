/**
 * The read boundary for our own JSON columns: parsed and checked against a schema, so a damaged or
 * out-of-date value reads as `fallback` instead of reaching code that trusts its type.
 */
import type { z } from 'zod';

export function parseJsonColumn<T>(text: string | null | undefined, schema: z.ZodType<T>, fallback: T): T {
  if (text === null || text === undefined) return fallback;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fallback;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}
