import { describe, expect, it } from 'vitest';
import { chunkUnits } from './chunker';
import { parseBytes } from './parse/parseFile';
import type { TextUnit } from './parse/parsedDocument';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
const options = { maxTokens: 12, overlapTokens: 4, countTokens: words };

function unit(text: string, extra: Partial<TextUnit> = {}): TextUnit {
  return {
    kind: 'text',
    text,
    page: null,
    headings: [],
    lineStart: 1,
    lineEnd: 1,
    charStart: 0,
    charEnd: text.length,
    ...extra,
  };
}

describe('chunker', () => {
  it('packs paragraphs of one section together and never mixes sections or pages', async () => {
    const md = '# A\n\none two three\n\nfour five six\n\n# B\n\nseven eight';
    const doc = await parseBytes(Buffer.from(md), 'markdown');
    const chunks = chunkUnits(doc.units, options);
    expect(chunks.map((c) => [c.headings, c.text, c.lineStart, c.lineEnd])).toEqual([
      [['A'], 'one two three\n\nfour five six', 3, 5],
      [['B'], 'seven eight', 9, 9],
    ]);
    expect(md.slice(chunks[0]!.charStart, chunks[0]!.charEnd)).toBe('one two three\n\nfour five six');
    const paged = chunkUnits([unit('a b', { page: 1 }), unit('c d', { page: 2 })], options);
    expect(paged.map((c) => c.page)).toEqual([1, 2]);
  });

  it('splits an oversized unit at sentences within the budget, with a small overlap and exact char ranges', () => {
    const text =
      'Alpha beta gamma delta. Epsilon zeta eta theta. Iota kappa. Lambda mu nu xi omicron pi rho. Sigma tau.';
    const chunks = chunkUnits([unit(text, { charStart: 100, charEnd: 100 + text.length })], options);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.tokens).toBeLessThanOrEqual(options.maxTokens);
      expect(text.slice(c.charStart - 100, c.charEnd - 100)).toBe(c.text);
    }
    // "Iota kappa." (2 words) is within the overlap and starts the next chunk again.
    const withIota = chunks.filter((c) => c.text.includes('Iota kappa.'));
    expect(withIota.length).toBe(2);
    expect(chunks.map((c) => c.text).join(' ')).toContain('Sigma tau.');
  });

  it('splits long code at lines and keeps the line numbers', () => {
    const code = Array.from({ length: 10 }, (_, i) => `let v${i} = ${i} + one + two;`).join('\n');
    const chunks = chunkUnits([unit(code, { kind: 'code', lineStart: 20, lineEnd: 29 })], options);
    expect(chunks[0]!.lineStart).toBe(20);
    expect(chunks.at(-1)!.lineEnd).toBe(29);
    for (const c of chunks) expect(c.lineEnd! - c.lineStart! + 1).toBe(c.text.split('\n').length);
  });

  it('cuts a single sentence longer than the budget at spaces', () => {
    const long = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    const chunks = chunkUnits([unit(long)], options);
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    for (const c of chunks) expect(c.tokens).toBeLessThanOrEqual(options.maxTokens);
  });
});
