/**
 * Packs a document's units into chunks of at most `maxTokens`: units of one page / heading section stay
 * together, a unit is only split when it alone exceeds the budget (at sentences or lines, then words), and
 * consecutive chunks of one section share a small overlap. Every chunk keeps its location.
 */
import type { TextUnit } from './parse/parsedDocument';

export interface Chunk {
  text: string;
  page: number | null;
  headings: string[];
  lineStart: number | null;
  lineEnd: number | null;
  charStart: number;
  charEnd: number;
  tokens: number;
}

export interface ChunkOptions {
  maxTokens: number;
  overlapTokens: number;
  countTokens: (text: string) => number;
}

interface Piece extends Chunk {
  kind: TextUnit['kind'];
}

export function chunkUnits(units: readonly TextUnit[], options: ChunkOptions): Chunk[] {
  const pieces = units.flatMap((unit) => splitUnit(unit, options));
  const chunks: Chunk[] = [];
  let current: Piece[] = [];
  let tokens = 0;
  const close = () => {
    if (current.length > 0) chunks.push(merge(current, options.countTokens));
  };
  for (const piece of pieces) {
    const sameSection = current.length > 0 && sectionKey(current[0]!) === sectionKey(piece);
    if (sameSection && tokens + piece.tokens <= options.maxTokens) {
      current.push(piece);
      tokens += piece.tokens;
      continue;
    }
    close();
    // Overlap: carry the previous chunk's last piece into the next one when it is small and of the same section.
    const last = current.at(-1);
    current =
      sameSection && last && last.tokens <= options.overlapTokens && last.tokens + piece.tokens <= options.maxTokens
        ? [last, piece]
        : [piece];
    tokens = current.reduce((sum, p) => sum + p.tokens, 0);
  }
  close();
  return chunks;
}

function sectionKey(p: Piece): string {
  return `${p.page ?? ''}\u0000${p.headings.join('\u0001')}`;
}

function merge(pieces: readonly Piece[], countTokens: (text: string) => number): Chunk {
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  const separator = first.kind === 'row' || first.kind === 'code' ? '\n' : '\n\n';
  const text = pieces.map((p) => p.text).join(separator);
  const lines = pieces.flatMap((p) => [p.lineStart, p.lineEnd]).filter((n): n is number => n !== null);
  return {
    text,
    page: first.page,
    headings: first.headings,
    lineStart: lines.length > 0 ? Math.min(...lines) : null,
    lineEnd: lines.length > 0 ? Math.max(...lines) : null,
    charStart: first.charStart,
    charEnd: last.charEnd,
    // The pieces' own counts plus the separators': tokenizing every chunk a second time doubled the parse cost.
    tokens:
      pieces.reduce((sum, p) => sum + p.tokens, 0) + (pieces.length - 1) * separatorTokens(separator, countTokens),
  };
}

const separatorCosts = new WeakMap<(text: string) => number, Map<string, number>>();

/** What a separator adds between pieces (0 for WordPiece, which splits on whitespace), counted once per counter. */
function separatorTokens(separator: string, countTokens: (text: string) => number): number {
  let costs = separatorCosts.get(countTokens);
  if (!costs) separatorCosts.set(countTokens, (costs = new Map()));
  let cost = costs.get(separator);
  if (cost === undefined) costs.set(separator, (cost = countTokens(separator)));
  return cost;
}

interface Segment {
  text: string;
  /** Offset within the unit's text. */
  at: number;
}

/** A unit as pieces that each fit the budget (usually the unit itself). */
function splitUnit(unit: TextUnit, options: ChunkOptions): Piece[] {
  const tokens = options.countTokens(unit.text);
  if (tokens <= options.maxTokens) return [{ ...unit, tokens }];
  const segments = (unit.kind === 'text' ? sentences(unit.text) : lineSegments(unit.text)).flatMap((s) =>
    hardSplit(s, options),
  );
  const pieces: Piece[] = [];
  let group: Segment[] = [];
  let groupTokens = 0;
  const emit = () => {
    if (group.length === 0) return;
    const start = group[0]!.at;
    const end = group[group.length - 1]!.at + group[group.length - 1]!.text.length;
    pieces.push(pieceOf(unit, start, end, options.countTokens));
  };
  for (const segment of segments) {
    const cost = options.countTokens(segment.text);
    if (group.length > 0 && groupTokens + cost > options.maxTokens) {
      emit();
      // Overlap inside a long unit: start the next piece with the previous sentence/line when it is small.
      const tail = group[group.length - 1]!;
      const tailCost = options.countTokens(tail.text);
      group = tailCost <= options.overlapTokens && tailCost + cost <= options.maxTokens ? [tail] : [];
      groupTokens = group.length > 0 ? tailCost : 0;
    }
    group.push(segment);
    groupTokens += cost;
  }
  emit();
  return pieces;
}

function pieceOf(unit: TextUnit, from: number, to: number, countTokens: (text: string) => number): Piece {
  const raw = unit.text.slice(from, to);
  // The range covers exactly the trimmed text, so a citation highlights what the chunk says.
  const start = from + (raw.length - raw.trimStart().length);
  const end = from + raw.trimEnd().length;
  const text = unit.text.slice(start, end);
  const linesBefore = countNewlines(unit.text, 0, start);
  const linesIn = countNewlines(unit.text, start, end);
  return {
    kind: unit.kind,
    text,
    page: unit.page,
    headings: unit.headings,
    lineStart: unit.lineStart === null ? null : unit.lineStart + linesBefore,
    lineEnd: unit.lineStart === null ? null : unit.lineStart + linesBefore + linesIn,
    charStart: unit.charStart + start,
    charEnd: unit.charStart + end,
    tokens: countTokens(text),
  };
}

function sentences(text: string): Segment[] {
  const out: Segment[] = [];
  const re = /[^.!?\n]+(?:[.!?]+|\n+|$)\s*/g;
  for (let m = re.exec(text); m !== null && m[0].length > 0; m = re.exec(text)) out.push({ text: m[0], at: m.index });
  return out.length > 0 ? out : [{ text, at: 0 }];
}

function lineSegments(text: string): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    out.push({ text: line + '\n', at });
    at += line.length + 1;
  }
  return out;
}

/** A sentence or line longer than the budget: cut at spaces into budget-sized runs. */
function hardSplit(segment: Segment, options: ChunkOptions): Segment[] {
  const tokens = options.countTokens(segment.text);
  if (tokens <= options.maxTokens) return [segment];
  const charsPerPiece = Math.max(16, Math.floor((segment.text.length / tokens) * options.maxTokens * 0.9));
  const out: Segment[] = [];
  let start = 0;
  while (start < segment.text.length) {
    let end = Math.min(segment.text.length, start + charsPerPiece);
    if (end < segment.text.length) {
      const space = segment.text.lastIndexOf(' ', end);
      if (space > start + charsPerPiece / 2) end = space + 1;
    }
    out.push({ text: segment.text.slice(start, end), at: segment.at + start });
    start = end;
  }
  return out;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Rough count for when the embedding model's tokenizer is not at hand: ~4 characters per token. */
export function approximateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
