/** HTML (and DOCX, which mammoth turns into HTML): block elements become units, h1–h6 set the heading path. */
import { Parser } from 'htmlparser2';
import type { DocumentFormat, ParsedDocument, TextUnit } from './parsedDocument';

const BLOCKS = new Set(
  'p div li dt dd blockquote pre tr table section article aside header footer main nav figure figcaption caption br hr ul ol dl form fieldset address td th'.split(
    ' ',
  ),
);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'iframe', 'object']);

export function parseHtml(html: string, format: DocumentFormat = 'html'): ParsedDocument {
  const units: TextUnit[] = [];
  const headings: string[] = [];
  let buffer = '';
  let skipDepth = 0;
  let inPre = 0;
  let heading: { level: number; text: string } | null = null;
  let offset = 0; // position in the extracted text
  const flush = () => {
    const text = (inPre ? buffer : buffer.replace(/[ \t\r\n]+/g, ' ')).trim();
    buffer = '';
    if (!text) return;
    units.push({
      kind: inPre ? 'code' : 'text',
      text,
      page: null,
      headings: [...headings],
      lineStart: null,
      lineEnd: null,
      charStart: offset,
      charEnd: offset + text.length,
    });
    offset += text.length + 1;
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name)) skipDepth++;
        if (skipDepth > 0) return;
        const level = /^h([1-6])$/.exec(name);
        if (level) {
          flush();
          heading = { level: Number(level[1]), text: '' };
        } else if (BLOCKS.has(name)) {
          if (name === 'td' || name === 'th') buffer += ' | ';
          else flush();
          if (name === 'pre') inPre++;
        }
      },
      ontext(text) {
        if (skipDepth > 0) return;
        if (heading) heading.text += text;
        else buffer += text;
      },
      onclosetag(name) {
        if (SKIP.has(name)) {
          skipDepth = Math.max(0, skipDepth - 1);
          return;
        }
        if (skipDepth > 0) return;
        if (heading && /^h[1-6]$/.test(name)) {
          const text = heading.text.replace(/\s+/g, ' ').trim();
          headings.splice(heading.level - 1);
          while (headings.length < heading.level - 1) headings.push('');
          headings.push(text);
          offset += text.length + 1;
          heading = null;
        } else if (BLOCKS.has(name) && name !== 'td' && name !== 'th') {
          flush();
          if (name === 'pre') inPre = Math.max(0, inPre - 1);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return { format, pages: null, units: units.map((u) => ({ ...u, headings: u.headings.filter(Boolean) })) };
}
