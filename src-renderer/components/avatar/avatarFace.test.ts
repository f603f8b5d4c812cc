import { describe, expect, it } from 'vitest';
import { chooseAvatarFace, classifyGlyphPixels, isEmojiSymbol, monogram, type GlyphRendering } from './avatarFace';

function pixels(...rgba: [number, number, number, number][]): Uint8ClampedArray {
  return new Uint8ClampedArray(rgba.flat());
}
const blank = pixels([0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]);
const box = pixels([0, 0, 0, 255], [0, 0, 0, 0], [0, 0, 0, 255]);

describe('classifyGlyphPixels', () => {
  it('calls chroma in the drawn pixels a colour glyph', () => {
    expect(classifyGlyphPixels(pixels([240, 180, 20, 255], [0, 0, 0, 0], [0, 0, 0, 0]), box)).toBe('colour');
  });
  it('calls a black drawing unlike the .notdef box a monochrome glyph', () => {
    expect(classifyGlyphPixels(pixels([0, 0, 0, 0], [0, 0, 0, 255], [0, 0, 0, 255]), box)).toBe('monochrome');
  });
  it('calls the .notdef box itself, or nothing drawn, missing', () => {
    expect(classifyGlyphPixels(box, box)).toBe('missing');
    expect(classifyGlyphPixels(blank, box)).toBe('missing');
  });
  it('ignores faint anti-aliasing tints', () => {
    expect(classifyGlyphPixels(pixels([20, 10, 10, 20], [0, 0, 0, 0], [0, 0, 0, 0]), box)).toBe('monochrome');
  });
});

describe('chooseAvatarFace', () => {
  const always = (rendering: GlyphRendering) => () => rendering;
  it('keeps initials without measuring them', () => {
    let measured = false;
    const face = chooseAvatarFace('RH', 'Research helper', () => ((measured = true), 'missing'));
    expect(face).toEqual({ text: 'RH', fallback: false });
    expect(measured).toBe(false);
  });
  it('keeps an emoji the fonts draw in colour', () => {
    expect(chooseAvatarFace('🦊', 'Fox', always('colour'))).toEqual({ text: '🦊', fallback: false });
  });
  it('falls back to the monogram for an emoji with no colour glyph', () => {
    expect(chooseAvatarFace('🧑‍💻', 'Coding helper', always('monochrome'))).toEqual({ text: 'CH', fallback: true });
    expect(chooseAvatarFace('🦊', 'research helper bot', always('missing'))).toEqual({ text: 'RH', fallback: true });
    expect(chooseAvatarFace('🦊', '—', always('missing'))).toEqual({ text: '?', fallback: true });
  });
});

describe('isEmojiSymbol / monogram', () => {
  it('tells emoji from letters', () => {
    expect(isEmojiSymbol('🇫🇷')).toBe(true);
    expect(isEmojiSymbol('👩‍💻')).toBe(true);
    expect(isEmojiSymbol('AB')).toBe(false);
    expect(isEmojiSymbol('Ω')).toBe(false);
  });
  it('takes the first letter of the first two words', () => {
    expect(monogram('Écrivain public')).toBe('ÉP');
    expect(monogram('coder')).toBe('C');
  });
});
