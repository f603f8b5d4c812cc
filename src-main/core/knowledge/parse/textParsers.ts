/** Plain text, source code and Markdown: blocks with line ranges; Markdown also tracks its heading path. */
import { blockOf, type Line, linesOf, paragraphs } from './lineBlocks';
import type { ParsedDocument, TextUnit } from './parsedDocument';

export function parsePlainText(text: string): ParsedDocument {
  return { format: 'text', pages: null, units: paragraphs(linesOf(text)).map((b) => unit('text', b, [])) };
}

/** Code: blank-line-separated blocks (functions, classes) kept whole where the budget allows. */
export function parseCode(text: string): ParsedDocument {
  return { format: 'code', pages: null, units: paragraphs(linesOf(text)).map((b) => unit('code', b, [])) };
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE = /^\s*(```|~~~)/;

export function parseMarkdown(text: string): ParsedDocument {
  const units: TextUnit[] = [];
  const headings: string[] = [];
  let para: Line[] = [];
  let fence: { marker: string; lines: Line[] } | null = null;
  const flush = () => {
    if (para.length > 0) units.push(unit('text', blockOf(para), [...headings]));
    para = [];
  };
  for (const line of linesOf(text)) {
    if (fence) {
      fence.lines.push(line);
      if (line.text.trim().startsWith(fence.marker)) {
        units.push(unit('code', blockOf(fence.lines), [...headings]));
        fence = null;
      }
      continue;
    }
    const opens = FENCE.exec(line.text);
    if (opens) {
      flush();
      fence = { marker: opens[1]!, lines: [line] };
      continue;
    }
    const heading = HEADING.exec(line.text);
    if (heading) {
      flush();
      const level = heading[1]!.length;
      headings.splice(level - 1);
      while (headings.length < level - 1) headings.push('');
      headings.push(heading[2]!);
      continue;
    }
    if (line.text.trim() === '') flush();
    else para.push(line);
  }
  flush();
  if (fence) units.push(unit('code', blockOf(fence.lines), [...headings])); // an unclosed fence runs to the end
  return { format: 'markdown', pages: null, units: units.map((u) => ({ ...u, headings: u.headings.filter(Boolean) })) };
}

function unit(kind: TextUnit['kind'], b: ReturnType<typeof blockOf>, headings: string[]): TextUnit {
  return { kind, text: b.text, page: null, headings, ...rangeOf(b) };
}

function rangeOf(b: ReturnType<typeof blockOf>) {
  return { lineStart: b.lineStart, lineEnd: b.lineEnd, charStart: b.charStart, charEnd: b.charEnd };
}
