import { describe, expect, it } from 'vitest';
import { tryParseJson } from './jsonText';

describe('tryParseJson', () => {
  it('reads any JSON document as a value and anything else as undefined', () => {
    expect(tryParseJson('{"a":[1,null]}')).toEqual({ a: [1, null] });
    expect(tryParseJson('null')).toBeNull();
    expect(tryParseJson('"text"')).toBe('text');
    for (const broken of ['', '{', 'undefined', "{'a':1}", '{"a":1}x']) expect(tryParseJson(broken)).toBeUndefined();
  });
});
