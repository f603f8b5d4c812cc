/** HTTP range requests for resuming: what to ask for, and what the server's answer means for the partial file. */

/** What identifies the server's copy of the file; a resume only appends when it still matches. */
export interface ResumeValidator {
  etag: string | null;
  lastModified: string | null;
}

export const NO_VALIDATOR: ResumeValidator = { etag: null, lastModified: null };

/** Weak ETags (W/"…") can't be used with If-Range, which needs a strong comparison. */
export function validatorFrom(headers: Headers): ResumeValidator {
  const etag = headers.get('etag');
  return {
    etag: etag !== null && !etag.startsWith('W/') ? etag : null,
    lastModified: headers.get('last-modified'),
  };
}

/** Headers for a GET that continues after `offset` bytes; identity encoding keeps byte offsets meaningful. */
export function rangeRequestHeaders(offset: number, validator: ResumeValidator): Record<string, string> {
  const headers: Record<string, string> = { 'accept-encoding': 'identity' };
  if (offset <= 0) return headers;
  headers.range = `bytes=${offset}-`;
  const ifRange = validator.etag ?? validator.lastModified;
  if (ifRange !== null) headers['if-range'] = ifRange;
  return headers;
}

export interface ContentRange {
  start: number;
  end: number;
  /** Null when the server says `*` (length unknown). */
  total: number | null;
}

const SATISFIED = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i;
const UNSATISFIED = /^bytes\s+\*\/(\d+)$/i;

export function parseContentRange(value: string | null): ContentRange | null {
  const match = value === null ? null : SATISFIED.exec(value.trim());
  if (!match) return null;
  const start = Number(match[1]);
  const end = Number(match[2]);
  const total = match[3] === '*' ? null : Number(match[3]);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return null;
  if (total !== null && (!Number.isSafeInteger(total) || end >= total)) return null;
  return { start, end, total };
}

/** The full length a 416 reports (`Content-Range: bytes *\/N`), if any. */
export function parseUnsatisfiedRange(value: string | null): number | null {
  const match = value === null ? null : UNSATISFIED.exec(value.trim());
  const total = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(total) ? total : null;
}

export function parseContentLength(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  const length = Number(value);
  return Number.isSafeInteger(length) ? length : null;
}

export type RangeAnswer =
  /** 206 starting exactly at our offset: append the body. */
  | { kind: 'append'; total: number | null }
  /** 200: the body is the whole file (the server ignored Range, or the validator no longer matched). */
  | { kind: 'whole-file'; total: number | null }
  /** Our bytes are no use (wrong range, a different file length): empty the partial and ask again. */
  | { kind: 'start-over'; reason: string }
  /** 416 and the partial already holds the whole file: go straight to verification. */
  | { kind: 'already-complete'; total: number }
  | { kind: 'http-error'; status: number };

/**
 * Reads a response to a GET sent with `rangeRequestHeaders(offset, …)`. `knownTotal` is the length an
 * earlier answer reported for this download; a different length means a different file.
 */
export function interpretRangeResponse(
  status: number,
  headers: Headers,
  offset: number,
  knownTotal: number | null,
): RangeAnswer {
  if (status === 200) return { kind: 'whole-file', total: parseContentLength(headers.get('content-length')) };
  if (status === 206 && offset > 0) {
    const range = parseContentRange(headers.get('content-range'));
    if (range === null || range.start !== offset) {
      return { kind: 'start-over', reason: `server sent range ${headers.get('content-range') ?? '(none)'}` };
    }
    if (knownTotal !== null && range.total !== null && range.total !== knownTotal) {
      return { kind: 'start-over', reason: `file length changed from ${knownTotal} to ${range.total}` };
    }
    return { kind: 'append', total: range.total };
  }
  if (status === 416 && offset > 0) {
    const total = parseUnsatisfiedRange(headers.get('content-range')) ?? knownTotal;
    if (total === offset) return { kind: 'already-complete', total };
    return { kind: 'start-over', reason: `range not satisfiable (have ${offset} bytes, file has ${total ?? '?'})` };
  }
  return { kind: 'http-error', status };
}
