/**
 * What an avatar shows: its symbol, unless the symbol is an emoji this machine has no colour glyph for
 * (Linux without a colour-emoji font draws empty boxes), in which case the agent's monogram takes its place.
 */

/** How the renderer drew a symbol, from pixels (see glyphProbe.ts). */
export type GlyphRendering = 'colour' | 'monochrome' | 'missing';

const PICTOGRAPHIC = /[\p{Extended_Pictographic}\p{Regional_Indicator}]/u;

export function isEmojiSymbol(symbol: string): boolean {
  return PICTOGRAPHIC.test(symbol);
}

/** Up to two initials from the name ("Research helper" → "RH"); "?" when it has no letters or digits. */
export function monogram(name: string): string {
  const words = name.match(/[\p{L}\p{N}]+/gu) ?? [];
  const initials = words.slice(0, 2).map((word) => [...word][0]?.toUpperCase() ?? '');
  return initials.join('') || '?';
}

export interface AvatarFace {
  text: string;
  /** True when the monogram stands in for an emoji that can't be drawn. */
  fallback: boolean;
}

export function chooseAvatarFace(symbol: string, name: string, render: (emoji: string) => GlyphRendering): AvatarFace {
  const trimmed = symbol.trim().slice(0, 8);
  if (!trimmed) return { text: monogram(name), fallback: true };
  if (!isEmojiSymbol(trimmed)) return { text: trimmed, fallback: false };
  // Emoji are meant in colour: a black drawing is the .notdef box (one per code point) or a text-style stand-in.
  return render(trimmed) === 'colour' ? { text: trimmed, fallback: false } : { text: monogram(name), fallback: true };
}

/** RGBA pixels of the symbol and of a code point no font has, drawn the same way on the same canvas. */
export function classifyGlyphPixels(symbol: Uint8ClampedArray, notdef: Uint8ClampedArray): GlyphRendering {
  let inked = false;
  let coloured = false;
  let differsFromNotdef = symbol.length !== notdef.length;
  for (let i = 0; i + 3 < symbol.length; i += 4) {
    const [r, g, b, a] = [symbol[i] ?? 0, symbol[i + 1] ?? 0, symbol[i + 2] ?? 0, symbol[i + 3] ?? 0];
    if (a > 0) inked = true;
    // Drawn in pure black: any chroma means a colour font painted it.
    if (a > 32 && Math.max(r, g, b) - Math.min(r, g, b) > 24) coloured = true;
    if (!differsFromNotdef) {
      for (let c = 0; c < 4; c++) if (symbol[i + c] !== notdef[i + c]) differsFromNotdef = true;
    }
  }
  if (coloured) return 'colour';
  // Nothing drawn, or the same box/blank as the .notdef glyph: the font stack has no glyph for it.
  return inked && differsFromNotdef ? 'monochrome' : 'missing';
}
