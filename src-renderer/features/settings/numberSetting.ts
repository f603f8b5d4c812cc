/** Parsing for whole-number settings typed into a text box. */
export type ParsedWhole = { ok: true; value: number } | { ok: false; error: string };

export function parseWholeInRange(text: string, min: number, max: number): ParsedWhole {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { ok: false, error: `Enter a whole number from ${min} to ${max}` };
  const value = Number(trimmed);
  if (value < min || value > max) return { ok: false, error: `Must be from ${min} to ${max}` };
  return { ok: true, value };
}
