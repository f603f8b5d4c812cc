import { describe, expect, it } from 'vitest';
import {
  interpretRangeResponse,
  parseContentRange,
  parseUnsatisfiedRange,
  rangeRequestHeaders,
  validatorFrom,
} from './httpRange';

const headers = (values: Record<string, string>) => new Headers(values);

describe('range requests', () => {
  it('asks for nothing special at offset 0, and for the rest guarded by the validator after', () => {
    expect(rangeRequestHeaders(0, { etag: '"a"', lastModified: null })).toEqual({ 'accept-encoding': 'identity' });
    expect(rangeRequestHeaders(10, { etag: '"a"', lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT' })).toEqual({
      'accept-encoding': 'identity',
      range: 'bytes=10-',
      'if-range': '"a"',
    });
    expect(rangeRequestHeaders(10, { etag: null, lastModified: 'Wed, 01 Jan 2025 00:00:00 GMT' })['if-range']).toBe(
      'Wed, 01 Jan 2025 00:00:00 GMT',
    );
    expect(rangeRequestHeaders(10, { etag: null, lastModified: null })).not.toHaveProperty('if-range');
  });

  it('never uses a weak ETag for If-Range', () => {
    expect(validatorFrom(headers({ etag: 'W/"x"', 'last-modified': 'then' }))).toEqual({
      etag: null,
      lastModified: 'then',
    });
    expect(validatorFrom(headers({ etag: '"x"' }))).toEqual({ etag: '"x"', lastModified: null });
  });

  it('parses Content-Range strictly', () => {
    expect(parseContentRange('bytes 10-19/20')).toEqual({ start: 10, end: 19, total: 20 });
    expect(parseContentRange('bytes 10-19/*')).toEqual({ start: 10, end: 19, total: null });
    expect(parseContentRange('bytes 10-20/20')).toBeNull();
    expect(parseContentRange('bytes 19-10/20')).toBeNull();
    expect(parseContentRange('items 1-2/3')).toBeNull();
    expect(parseContentRange(null)).toBeNull();
    expect(parseUnsatisfiedRange('bytes */1234')).toBe(1234);
    expect(parseUnsatisfiedRange('bytes 1-2/3')).toBeNull();
  });
});

describe('interpretRangeResponse', () => {
  it('appends a 206 that starts at our offset', () => {
    const answer = interpretRangeResponse(206, headers({ 'content-range': 'bytes 100-199/200' }), 100, 200);
    expect(answer).toEqual({ kind: 'append', total: 200 });
  });

  it('starts over on a 206 at the wrong place or for a file of another length', () => {
    expect(interpretRangeResponse(206, headers({ 'content-range': 'bytes 0-199/200' }), 100, null).kind).toBe(
      'start-over',
    );
    expect(interpretRangeResponse(206, headers({ 'content-range': 'bytes 100-299/300' }), 100, 200).kind).toBe(
      'start-over',
    );
    expect(interpretRangeResponse(206, headers({}), 100, null).kind).toBe('start-over');
  });

  it('treats a 200 as the whole file (Range ignored or validator changed)', () => {
    expect(interpretRangeResponse(200, headers({ 'content-length': '200' }), 100, 200)).toEqual({
      kind: 'whole-file',
      total: 200,
    });
  });

  it('reads a 416 as complete when our bytes are the whole file, stale otherwise', () => {
    expect(interpretRangeResponse(416, headers({ 'content-range': 'bytes */200' }), 200, null)).toEqual({
      kind: 'already-complete',
      total: 200,
    });
    expect(interpretRangeResponse(416, headers({}), 200, 200).kind).toBe('already-complete');
    expect(interpretRangeResponse(416, headers({ 'content-range': 'bytes */150' }), 200, null).kind).toBe('start-over');
  });

  it('passes other statuses on as errors', () => {
    expect(interpretRangeResponse(404, headers({}), 0, null)).toEqual({ kind: 'http-error', status: 404 });
    expect(interpretRangeResponse(416, headers({}), 0, null)).toEqual({ kind: 'http-error', status: 416 });
  });
});
