import { describe, expect, it } from 'vitest';
import { bytesToBase64 } from './dropFiles';

describe('dropped files', () => {
  it('encodes bytes as base64, also past one String.fromCharCode batch', () => {
    expect(bytesToBase64(new TextEncoder().encode('Hello, world'))).toBe('SGVsbG8sIHdvcmxk');
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    expect(Buffer.from(bytesToBase64(big), 'base64').equals(Buffer.from(big))).toBe(true);
  });
});
