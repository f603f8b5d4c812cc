/** CSV / TSV: each row becomes a record "column: value; …" so a row found alone still says what it means. */
import Papa from 'papaparse';
import { ParseFailure, type ParsedDocument, type TextUnit } from './parsedDocument';

export function parseDelimited(text: string, format: 'csv' | 'tsv'): ParsedDocument {
  const units: TextUnit[] = [];
  let header: string[] | null = null;
  let previousCursor = 0;
  let line = 1;
  const newlinesIn = (from: number, to: number) => {
    let n = 0;
    for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
    return n;
  };
  Papa.parse<string[]>(text, {
    delimiter: format === 'tsv' ? '\t' : '',
    skipEmptyLines: 'greedy',
    step: (result) => {
      const cursor = result.meta.cursor;
      const start = previousCursor;
      const lineStart = line + newlinesIn(start, skipNewlines(text, start));
      const rowEnd = trimEnd(text, start, cursor);
      const lineEnd = lineStart + newlinesIn(skipNewlines(text, start), rowEnd);
      line = lineEnd + newlinesIn(rowEnd, cursor);
      previousCursor = cursor;
      const cells = result.data.map((c) => c.trim());
      if (cells.every((c) => c === '')) return;
      if (!header) {
        header = cells.map((c, i) => c || `column ${i + 1}`);
        return;
      }
      const record = cells
        .map((value, i) => (value === '' ? null : `${header![i] ?? `column ${i + 1}`}: ${value}`))
        .filter((x): x is string => x !== null)
        .join('; ');
      units.push({
        kind: 'row',
        text: record,
        page: null,
        headings: [],
        lineStart,
        lineEnd,
        charStart: skipNewlines(text, start),
        charEnd: rowEnd,
      });
    },
  });
  if (!header) throw new ParseFailure('no_text', 'The table has no rows');
  return { format, pages: null, units };
}

function skipNewlines(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === '\n' || text[i] === '\r')) i++;
  return i;
}

function trimEnd(text: string, from: number, to: number): number {
  let i = to;
  while (i > from && (text[i - 1] === '\n' || text[i - 1] === '\r')) i--;
  return i;
}
