/** DOCX through mammoth (to semantic HTML, so headings survive), then the HTML reader. */
import mammoth from 'mammoth';
import { parseHtml } from './htmlParser';
import { ParseFailure, type ParsedDocument } from './parsedDocument';

// A password-protected Office file is an OLE compound file, not a ZIP.
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export async function parseDocx(bytes: Buffer): Promise<ParsedDocument> {
  if (OLE_MAGIC.every((b, i) => bytes[i] === b)) {
    throw new ParseFailure('encrypted', 'The document is password-protected (or an old binary .doc)');
  }
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: bytes }, { ignoreEmptyParagraphs: true })).value;
  } catch (error) {
    throw new ParseFailure('corrupt', `The DOCX could not be read: ${error instanceof Error ? error.message : error}`);
  }
  const doc = parseHtml(html, 'docx');
  if (doc.units.length === 0) throw new ParseFailure('no_text', 'The document has no text');
  return doc;
}
