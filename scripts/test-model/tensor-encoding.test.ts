import { describe, expect, it } from 'vitest';
import {
  decodeTensorValues,
  encodeTensorValues,
  float16BitsToFloat32,
  float32ToFloat16Bits,
  type GgmlTensorType,
} from './tensor-encoding';

function encode(type: GgmlTensorType, values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  return out.subarray(0, encodeTensorValues(type, Float32Array.from(values), out));
}

/** 32 known values spanning [-1, 0.9375]: x_j = (j - 16) / 16. */
const ramp = Array.from({ length: 32 }, (_, j) => (j - 16) / 16);

describe('float16 conversion', () => {
  it('matches known IEEE half bit patterns', () => {
    expect(float32ToFloat16Bits(1)).toBe(0x3c00);
    expect(float32ToFloat16Bits(-2)).toBe(0xc000);
    expect(float32ToFloat16Bits(0.1)).toBe(0x2e66);
    expect(float32ToFloat16Bits(65504)).toBe(0x7bff);
    expect(float32ToFloat16Bits(65520)).toBe(0x7c00); // rounds up to infinity
    expect(float32ToFloat16Bits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(float32ToFloat16Bits(1e-9)).toBe(0);
    expect(float32ToFloat16Bits(Infinity)).toBe(0x7c00);
    expect(float16BitsToFloat32(0x2e66)).toBeCloseTo(0.0999755859375, 12);
    expect(float16BitsToFloat32(0x0001)).toBe(2 ** -24);
  });
});

describe('Q8_0 quantisation', () => {
  it('stores d = max|x|/127 as f16 and q = round(x/d)', () => {
    const bytes = encode('Q8_0', ramp);
    expect(bytes.length).toBe(34);
    const view = Buffer.from(bytes);
    expect(view.readUInt16LE(0)).toBe(float32ToFloat16Bits(1 / 127));
    const quants = Array.from({ length: 32 }, (_, j) => view.readInt8(2 + j));
    expect(quants[0]).toBe(-127);
    expect(quants[16]).toBe(0);
    expect(quants[20]).toBe(32); // 0.25 * 127 = 31.75
    expect(quants[12]).toBe(-32);
    expect(quants[31]).toBe(119); // 0.9375 * 127 = 119.06
  });

  it('dequantises within half a step of the input', () => {
    const values = Array.from({ length: 64 }, (_, i) => Math.sin(i * 0.7) * (i < 32 ? 0.03 : 3));
    const decoded = decodeTensorValues('Q8_0', encode('Q8_0', values), 64);
    for (let block = 0; block < 2; block++) {
      const absMax = Math.max(...values.slice(block * 32, block * 32 + 32).map(Math.abs));
      for (let j = 0; j < 32; j++) {
        const i = block * 32 + j;
        expect(Math.abs(decoded[i]! - values[i]!)).toBeLessThanOrEqual((absMax / 127) * 0.5 + absMax * 1e-3);
      }
    }
  });

  it('encodes an all-zero block as zeros', () => {
    expect([...encode('Q8_0', new Array(32).fill(0))].every((byte) => byte === 0)).toBe(true);
  });
});

describe('Q4_0 quantisation', () => {
  it('uses the signed extreme for d = max / -8 and packs element j with j+16', () => {
    const bytes = encode('Q4_0', ramp);
    expect(bytes.length).toBe(18);
    const view = Buffer.from(bytes);
    expect(float16BitsToFloat32(view.readUInt16LE(0))).toBeCloseTo(0.125, 6); // max = -1
    // j=0: x=-1 -> q=0; j=16: x=0 -> q=8; packed as low | high << 4.
    expect(view.readUInt8(2)).toBe(0 | (8 << 4));
  });

  it('dequantises within one step of the input', () => {
    const decoded = decodeTensorValues('Q4_0', encode('Q4_0', ramp), 32);
    decoded.forEach((value, j) => expect(Math.abs(value - ramp[j]!)).toBeLessThanOrEqual(0.125 + 1e-6));
  });
});

describe('F32 / F16 encoding', () => {
  it('round-trips exactly (F32) and closely (F16)', () => {
    const values = [0, 1.5, -3.25, 1e-3, 123.456];
    expect([...decodeTensorValues('F32', encode('F32', values), 5)]).toEqual(values.map(Math.fround));
    decodeTensorValues('F16', encode('F16', values), 5).forEach((value, i) =>
      expect(Math.abs(value - values[i]!)).toBeLessThanOrEqual(Math.abs(values[i]!) * 1e-3),
    );
  });
});
