/** Draws a symbol on a small canvas to learn whether this machine's fonts have a glyph for it (memoised). */
import { classifyGlyphPixels, type GlyphRendering } from './avatarFace';

const SIZE = 32;
// A private-use code point: no font maps it, so it draws as the .notdef box (or nothing).
const NOTDEF = '\u{10FFFD}';
const cache = new Map<string, GlyphRendering>();

function draw(context: CanvasRenderingContext2D, text: string): Uint8ClampedArray {
  context.clearRect(0, 0, SIZE, SIZE);
  context.fillStyle = '#000';
  context.textBaseline = 'top';
  context.font = `${SIZE - 8}px sans-serif`;
  context.fillText(text, 2, 2);
  return context.getImageData(0, 0, SIZE, SIZE).data;
}

export function probeGlyph(symbol: string): GlyphRendering {
  const known = cache.get(symbol);
  if (known) return known;
  const canvas = typeof document === 'undefined' ? null : document.createElement('canvas');
  canvas?.setAttribute('width', String(SIZE));
  canvas?.setAttribute('height', String(SIZE));
  const context = canvas?.getContext('2d', { willReadFrequently: true });
  // No canvas to measure with: trust the symbol rather than hide it.
  const result = context ? classifyGlyphPixels(draw(context, symbol), draw(context, NOTDEF)) : 'colour';
  cache.set(symbol, result);
  return result;
}
