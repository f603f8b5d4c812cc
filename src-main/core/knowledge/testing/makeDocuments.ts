/** Generates the documents knowledge tests read: PDFs with known text on known pages, DOCX, and the rest. */
import { writeFileSync } from 'node:fs';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** One string per page; each line of a page is drawn on its own text line. */
export async function makePdf(pages: readonly string[]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const text of pages) {
    const page = pdf.addPage([595, 842]);
    let y = 800;
    for (const line of text.split('\n')) {
      if (line) page.drawText(line, { x: 40, y, size: 11, font });
      y -= 16;
    }
  }
  return Buffer.from(await pdf.save());
}

/** A PDF whose pages carry only drawings, like a scan without a text layer. */
export async function makeImageOnlyPdf(pages = 2): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < pages; i++) pdf.addPage([595, 842]).drawRectangle({ x: 50, y: 50, width: 400, height: 600 });
  return Buffer.from(await pdf.save());
}

/**
 * A PDF whose trailer names a Standard security handler with a non-empty user password: pdf.js asks for the
 * password. pdf-lib cannot encrypt, so the /Encrypt dictionary is added as an incremental update.
 */
export async function makeEncryptedPdf(): Promise<Buffer> {
  const base = await makePdf(['secret text']);
  const text = base.toString('latin1');
  const startxref = Number(/startxref\s+(\d+)/.exec(text.slice(text.lastIndexOf('startxref')))![1]);
  const size = Number(/\/Size (\d+)/.exec(text)![1]);
  const root = /\/Root (\d+ \d+ R)/.exec(text)![1];
  const hex = (seed: number) =>
    Array.from({ length: 32 }, (_, i) => ((i * 37 + seed) % 256).toString(16).padStart(2, '0')).join('');
  const encryptObj = `${size} 0 obj\n<< /Filter /Standard /V 1 /R 2 /O <${hex(1)}> /U <${hex(2)}> /P -4 >>\nendobj\n`;
  const objOffset = base.length;
  const xrefOffset = objOffset + encryptObj.length;
  const xref = `xref\n${size} 1\n${String(objOffset).padStart(10, '0')} 00000 n \n`;
  const trailer =
    `trailer\n<< /Size ${size + 1} /Root ${root} /Prev ${startxref} /Encrypt ${size} 0 R ` +
    `/ID [<${hex(3).slice(0, 32)}> <${hex(3).slice(0, 32)}>] >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.concat([base, Buffer.from(encryptObj + xref + trailer, 'latin1')]);
}

export interface DocxSection {
  heading: string;
  paragraphs: string[];
}

export async function makeDocx(sections: readonly DocxSection[]): Promise<Buffer> {
  const children = sections.flatMap((s) => [
    new Paragraph({ text: s.heading, heading: HeadingLevel.HEADING_1 }),
    ...s.paragraphs.map((p) => new Paragraph({ text: p })),
  ]);
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

export async function writePdf(file: string, pages: readonly string[]): Promise<void> {
  writeFileSync(file, await makePdf(pages));
}
