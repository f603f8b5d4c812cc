import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDocx, makeEncryptedPdf, makeImageOnlyPdf, makePdf } from '../testing/makeDocuments';
import { formatOf } from './formats';
import { parseBytes, parseFile } from './parseFile';
import { ParseFailure } from './parsedDocument';

const failureOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ParseFailure) return error.reason;
    throw error;
  }
  return null;
};

describe('parsers', () => {
  it('reads PDF text per page', async () => {
    const doc = await parseBytes(await makePdf(['alpha page one', 'bravo page two', 'charlie page three']), 'pdf');
    expect(doc.pages).toBe(3);
    expect(doc.units.map((u) => [u.page, u.text])).toEqual([
      [1, 'alpha page one'],
      [2, 'bravo page two'],
      [3, 'charlie page three'],
    ]);
  });

  it('types PDF failures: encrypted, image-only (no text), corrupt', async () => {
    expect(await failureOf(parseBytes(await makeEncryptedPdf(), 'pdf'))).toBe('encrypted');
    expect(await failureOf(parseBytes(await makeImageOnlyPdf(), 'pdf'))).toBe('no_text');
    expect(await failureOf(parseBytes(Buffer.from('%PDF-1.7 this is not a pdf at all'), 'pdf'))).toBe('corrupt');
  });

  it('reads DOCX with its headings, and types a broken one as corrupt', async () => {
    const bytes = await makeDocx([
      { heading: 'Warranty', paragraphs: ['Two years on parts.', 'Labour is excluded.'] },
      { heading: 'Returns', paragraphs: ['Thirty days with receipt.'] },
    ]);
    const doc = await parseBytes(bytes, 'docx');
    expect(doc.units.map((u) => [u.headings, u.text])).toEqual([
      [['Warranty'], 'Two years on parts.'],
      [['Warranty'], 'Labour is excluded.'],
      [['Returns'], 'Thirty days with receipt.'],
    ]);
    expect(await failureOf(parseBytes(Buffer.from('PK\u0003\u0004 broken zip'), 'docx'))).toBe('corrupt');
  });

  it('keeps Markdown heading paths, code fences whole, and line ranges', async () => {
    const md = '# Guide\n\nIntro text.\n\n## Install\n\nRun it:\n\n```sh\nnpm i\n\nnpm start\n```\n\n# Other\nLast.';
    const doc = await parseBytes(Buffer.from(md), 'markdown');
    expect(doc.units.map((u) => [u.kind, u.headings, u.lineStart, u.lineEnd])).toEqual([
      ['text', ['Guide'], 3, 3],
      ['text', ['Guide', 'Install'], 7, 7],
      ['code', ['Guide', 'Install'], 9, 13],
      ['text', ['Other'], 16, 16],
    ]);
    expect(md.slice(doc.units[2]!.charStart, doc.units[2]!.charEnd)).toBe('```sh\nnpm i\n\nnpm start\n```');
  });

  it('reads HTML without scripts and with headings', async () => {
    const html =
      '<html><head><title>t</title><script>var x = "hidden";</script></head><body><h1>Top</h1><p>First &amp; one</p>' +
      '<h2>Sub</h2><ul><li>item a</li><li>item b</li></ul><style>p{}</style></body></html>';
    const doc = await parseBytes(Buffer.from(html), 'html');
    expect(doc.units.map((u) => [u.headings, u.text])).toEqual([
      [['Top'], 'First & one'],
      [['Top', 'Sub'], 'item a'],
      [['Top', 'Sub'], 'item b'],
    ]);
  });

  it('turns CSV and TSV rows into records with their line numbers', async () => {
    const csv = 'sku,name,price\nA1,"Kettle, blue",35\n\nB2,"Lamp\nwith dimmer",23\n';
    const doc = await parseBytes(Buffer.from(csv), 'csv');
    expect(doc.units.map((u) => [u.kind, u.text, u.lineStart, u.lineEnd])).toEqual([
      ['row', 'sku: A1; name: Kettle, blue; price: 35', 2, 2],
      ['row', 'sku: B2; name: Lamp\nwith dimmer; price: 23', 4, 5],
    ]);
    const tsv = await parseBytes(Buffer.from('a\tb\n1\t2\n'), 'tsv');
    expect(tsv.units.map((u) => u.text)).toEqual(['a: 1; b: 2']);
  });

  it('reads code as blocks and refuses binary content', async () => {
    const code = 'function a() {\n  return 1;\n}\n\nfunction b() {\n  return 2;\n}\n';
    const doc = await parseBytes(Buffer.from(code), 'code');
    expect(doc.units.map((u) => [u.lineStart, u.lineEnd])).toEqual([
      [1, 3],
      [5, 7],
    ]);
    expect(await failureOf(parseBytes(Buffer.from([0x41, 0x00, 0x42]), 'text'))).toBe('unreadable');
  });

  it('maps formats by extension and types size and permission failures', async () => {
    expect(formatOf('/a/b/report.PDF')).toBe('pdf');
    expect(formatOf('/a/b/main.rs')).toBe('code');
    expect(formatOf('/a/b/photo.jpg')).toBeNull();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'outpost-parse-'));
    const big = path.join(dir, 'big.txt');
    writeFileSync(big, 'x'.repeat(2000));
    expect(await failureOf(parseFile(big, 'text', 1000))).toBe('too_large');
    if (process.getuid?.() !== 0) {
      const locked = path.join(dir, 'locked.txt');
      writeFileSync(locked, 'secret');
      chmodSync(locked, 0o000);
      expect(await failureOf(parseFile(locked, 'text', 1000))).toBe('permission_denied');
    }
  });
});
