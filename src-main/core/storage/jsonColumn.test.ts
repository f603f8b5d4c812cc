import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseJsonColumn } from './jsonColumn';

describe('parseJsonColumn', () => {
  const Urls = z.array(z.string());
  it('returns the parsed value when it matches the schema', () => {
    expect(parseJsonColumn('["a","b"]', Urls, [])).toEqual(['a', 'b']);
  });
  it('reads null, damaged JSON and a value of the wrong shape as the fallback', () => {
    expect(parseJsonColumn(null, Urls, ['fallback'])).toEqual(['fallback']);
    expect(parseJsonColumn('["a",', Urls, [])).toEqual([]);
    expect(parseJsonColumn('[1,2]', Urls, [])).toEqual([]);
    expect(parseJsonColumn('{"a":1}', Urls, [])).toEqual([]);
  });
});
