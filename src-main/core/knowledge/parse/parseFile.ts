/** Reads one file (bounded by the size cap) and runs the parser for its format. */
import { readFile } from 'node:fs/promises';
import { parseDelimited } from './csvParser';
import { parseDocx } from './docxParser';
import { parseHtml } from './htmlParser';
import { looksBinary } from './lineBlocks';
import { ParseFailure, type DocumentFormat, type ParsedDocument } from './parsedDocument';
import { parsePdf } from './pdfParser';
import { parseCode, parseMarkdown, parsePlainText } from './textParsers';

export async function parseFile(
  file: string,
  format: DocumentFormat,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<ParsedDocument> {
  const bytes = await readBounded(file, maxBytes);
  return parseBytes(bytes, format, signal);
}

export async function parseBytes(bytes: Buffer, format: DocumentFormat, signal?: AbortSignal): Promise<ParsedDocument> {
  if (format === 'pdf') return parsePdf(bytes, signal);
  if (format === 'docx') return parseDocx(bytes);
  if (looksBinary(bytes)) throw new ParseFailure('unreadable', 'Binary content in a text file');
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const doc = textDocument(text, format);
  if (doc.units.length === 0) throw new ParseFailure('no_text', 'The file has no text');
  return doc;
}

function textDocument(text: string, format: DocumentFormat): ParsedDocument {
  switch (format) {
    case 'markdown':
      return parseMarkdown(text);
    case 'html':
      return parseHtml(text);
    case 'csv':
    case 'tsv':
      return parseDelimited(text, format);
    case 'code':
      return parseCode(text);
    default:
      return parsePlainText(text);
  }
}

async function readBounded(file: string, maxBytes: number): Promise<Buffer> {
  try {
    const bytes = await readFile(file);
    // Checked again after reading: the file may have grown since the scan.
    if (bytes.length > maxBytes) throw new ParseFailure('too_large', `Larger than ${maxBytes} bytes`);
    return bytes;
  } catch (error) {
    if (error instanceof ParseFailure) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new ParseFailure('permission_denied', 'Permission denied');
    throw new ParseFailure('unreadable', `Could not read the file: ${(error as Error).message}`);
  }
}
