/** Splits text into blank-line-separated blocks, keeping 1-based line and character ranges. */

export interface LineBlock {
  text: string;
  lineStart: number;
  lineEnd: number;
  charStart: number;
  charEnd: number;
}

export interface Line {
  text: string;
  /** 1-based. */
  number: number;
  charStart: number;
}

export function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let number = 1;
  for (;;) {
    const end = text.indexOf('\n', start);
    const raw = end === -1 ? text.slice(start) : text.slice(start, end);
    lines.push({ text: raw.endsWith('\r') ? raw.slice(0, -1) : raw, number, charStart: start });
    if (end === -1) return lines;
    start = end + 1;
    number++;
  }
}

/** The block made of `lines` (consecutive), trimmed of surrounding blank lines by the caller. */
export function blockOf(lines: readonly Line[]): LineBlock {
  const first = lines[0]!;
  const last = lines[lines.length - 1]!;
  return {
    text: lines.map((l) => l.text).join('\n'),
    lineStart: first.number,
    lineEnd: last.number,
    charStart: first.charStart,
    charEnd: last.charStart + last.text.length,
  };
}

export function paragraphs(lines: readonly Line[]): LineBlock[] {
  const blocks: LineBlock[] = [];
  let current: Line[] = [];
  const flush = () => {
    if (current.length > 0) blocks.push(blockOf(current));
    current = [];
  };
  for (const line of lines) {
    if (line.text.trim() === '') flush();
    else current.push(line);
  }
  flush();
  return blocks;
}

/** Text files with NUL bytes are binary whatever their extension says. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}
