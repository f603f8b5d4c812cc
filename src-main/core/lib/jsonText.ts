/**
 * JSON text read as `unknown`, for a schema or a typed mapper to check next: never a typed value, so no caller
 * can skip the check. A text that is not JSON reads as `undefined` (no JSON document parses to that).
 */
export function tryParseJson(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    return undefined;
  }
}
