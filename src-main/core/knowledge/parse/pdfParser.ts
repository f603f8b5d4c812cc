/** PDF text per page through pdf.js (unpdf's Node build); a PDF without any text layer is "no text". */
import { getDocumentProxy } from 'unpdf';
import { ParseFailure, type ParsedDocument, type TextUnit } from './parsedDocument';

export async function parsePdf(bytes: Uint8Array, signal?: AbortSignal): Promise<ParsedDocument> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of the buffer it is given: hand it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { stopAtErrors: false });
  } catch (error) {
    throw pdfFailure(error);
  }
  try {
    const units: TextUnit[] = [];
    for (let page = 1; page <= pdf.numPages; page++) {
      if (signal?.aborted) throw new ParseFailure('unreadable', 'Parsing was cancelled');
      const content = await (await pdf.getPage(page)).getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str;
        if (item.hasEOL) text += '\n';
        else if (item.str && !text.endsWith(' ')) text += ' ';
      }
      let charStart = 0;
      // Paragraphs within the page: blank lines, else the whole page as one unit.
      for (const para of text.split(/\n\s*\n/)) {
        const clean = para.replace(/[ \t]+/g, ' ').trim();
        const at = text.indexOf(para, charStart);
        charStart = at + para.length;
        if (!clean) continue;
        units.push({
          kind: 'text',
          text: clean,
          page,
          headings: [],
          lineStart: null,
          lineEnd: null,
          charStart: at,
          charEnd: at + para.length,
        });
      }
    }
    if (units.length === 0) throw new ParseFailure('no_text', 'No text in this PDF (scanned? OCR is not supported)');
    return { format: 'pdf', pages: pdf.numPages, units };
  } catch (error) {
    throw error instanceof ParseFailure ? error : pdfFailure(error);
  } finally {
    await pdf.loadingTask.destroy().catch(() => undefined);
  }
}

function pdfFailure(error: unknown): ParseFailure {
  const name = (error as { name?: unknown } | null)?.name;
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') return new ParseFailure('encrypted', 'The PDF is password-protected');
  return new ParseFailure('corrupt', `The PDF could not be read: ${message}`);
}
