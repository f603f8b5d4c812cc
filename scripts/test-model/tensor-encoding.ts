/**
 * Encoding of float32 values into the GGML tensor types the test models use.
 * Quantisers follow ggml's reference implementations (quantize_row_q8_0_ref / quantize_row_q4_0_ref).
 */

export type GgmlTensorType = 'F32' | 'F16' | 'Q8_0' | 'Q4_0';

interface GgmlTypeTraits {
  /** Numeric id of the type in GGUF tensor infos (enum ggml_type). */
  readonly id: number;
  /** Elements per block; ne[0] must be a multiple of it. */
  readonly blockSize: number;
  /** Bytes per block. */
  readonly bytesPerBlock: number;
}

export const GGML_TYPE_TRAITS: Readonly<Record<GgmlTensorType, GgmlTypeTraits>> = {
  F32: { id: 0, blockSize: 1, bytesPerBlock: 4 },
  F16: { id: 1, blockSize: 1, bytesPerBlock: 2 },
  Q4_0: { id: 2, blockSize: 32, bytesPerBlock: 18 },
  Q8_0: { id: 8, blockSize: 32, bytesPerBlock: 34 },
};

/** Size in bytes of `elementCount` values of `type` (elementCount must be a multiple of the block size). */
export function encodedByteLength(type: GgmlTensorType, elementCount: number): number {
  const { blockSize, bytesPerBlock } = GGML_TYPE_TRAITS[type];
  if (elementCount % blockSize !== 0) {
    throw new Error(`${type} needs a multiple of ${blockSize} elements, got ${elementCount}`);
  }
  return (elementCount / blockSize) * bytesPerBlock;
}

/** Encodes `values` as `type` into `out` (little-endian), returning the number of bytes written. */
export function encodeTensorValues(type: GgmlTensorType, values: Float32Array, out: Uint8Array): number {
  const byteLength = encodedByteLength(type, values.length);
  if (out.length < byteLength) throw new Error(`output buffer too small: ${out.length} < ${byteLength}`);
  switch (type) {
    case 'F32': {
      const view = new DataView(out.buffer, out.byteOffset, byteLength);
      for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
      break;
    }
    case 'F16':
      for (let i = 0; i < values.length; i++) writeUint16(out, i * 2, float32ToFloat16Bits(values[i]!));
      break;
    case 'Q8_0':
      quantizeQ8_0(values, out);
      break;
    case 'Q4_0':
      quantizeQ4_0(values, out);
      break;
  }
  return byteLength;
}

/** Q8_0 block: f16 scale d = max|x|/127, then 32 int8 q = round(x/d). */
function quantizeQ8_0(values: Float32Array, out: Uint8Array): void {
  for (let block = 0, offset = 0; block < values.length; block += 32, offset += 34) {
    let absMax = 0;
    for (let j = 0; j < 32; j++) absMax = Math.max(absMax, Math.abs(values[block + j]!));
    const scale = absMax / 127;
    const inverse = scale === 0 ? 0 : 1 / scale;
    writeUint16(out, offset, float32ToFloat16Bits(scale));
    for (let j = 0; j < 32; j++) out[offset + 2 + j] = roundHalfAwayFromZero(values[block + j]! * inverse) & 0xff;
  }
}

/** Q4_0 block: f16 scale d = (signed value with max |x|) / -8, then 16 bytes of packed 4-bit q with x ≈ (q - 8) * d. */
function quantizeQ4_0(values: Float32Array, out: Uint8Array): void {
  for (let block = 0, offset = 0; block < values.length; block += 32, offset += 18) {
    let absMax = 0;
    let signedMax = 0;
    for (let j = 0; j < 32; j++) {
      const value = values[block + j]!;
      if (Math.abs(value) > absMax) {
        absMax = Math.abs(value);
        signedMax = value;
      }
    }
    const scale = signedMax / -8;
    const inverse = scale === 0 ? 0 : 1 / scale;
    writeUint16(out, offset, float32ToFloat16Bits(scale));
    for (let j = 0; j < 16; j++) {
      // ggml pairs element j with element j+16 in one byte (low nibble, high nibble).
      const low = Math.min(15, Math.trunc(values[block + j]! * inverse + 8.5));
      const high = Math.min(15, Math.trunc(values[block + 16 + j]! * inverse + 8.5));
      out[offset + 2 + j] = low | (high << 4);
    }
  }
}

/** Decodes `elementCount` values of `type` from `bytes`; used to verify files and quantisers. */
export function decodeTensorValues(type: GgmlTensorType, bytes: Uint8Array, elementCount: number): Float32Array {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float32Array(elementCount);
  if (type === 'F32') {
    for (let i = 0; i < elementCount; i++) values[i] = view.readFloatLE(i * 4);
  } else if (type === 'F16') {
    for (let i = 0; i < elementCount; i++) values[i] = float16BitsToFloat32(view.readUInt16LE(i * 2));
  } else if (type === 'Q8_0') {
    for (let block = 0, offset = 0; block < elementCount; block += 32, offset += 34) {
      const scale = float16BitsToFloat32(view.readUInt16LE(offset));
      for (let j = 0; j < 32; j++) values[block + j] = view.readInt8(offset + 2 + j) * scale;
    }
  } else {
    for (let block = 0, offset = 0; block < elementCount; block += 32, offset += 18) {
      const scale = float16BitsToFloat32(view.readUInt16LE(offset));
      for (let j = 0; j < 16; j++) {
        const packed = view.readUInt8(offset + 2 + j);
        values[block + j] = ((packed & 0x0f) - 8) * scale;
        values[block + 16 + j] = ((packed >> 4) - 8) * scale;
      }
    }
  }
  return values;
}

/** Plain index writes: Buffer.write*LE bounds checks cost seconds over a billion elements. */
function writeUint16(out: Uint8Array, offset: number, value: number): void {
  out[offset] = value & 0xff;
  out[offset + 1] = value >>> 8;
}

function roundHalfAwayFromZero(value: number): number {
  return value < 0 ? -Math.round(-value) : Math.round(value);
}

const float32Scratch = new Float32Array(1);
const float32ScratchBits = new Uint32Array(float32Scratch.buffer);

/** IEEE half-precision bits of a float32, rounding to nearest even (Node 20 has no Float16Array). */
export function float32ToFloat16Bits(value: number): number {
  float32Scratch[0] = value;
  const bits = float32ScratchBits[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign;
    const shift = 14 - halfExponent;
    const full = mantissa | 0x800000;
    return sign | roundShiftedToNearestEven(full, shift);
  }
  // A rounding carry out of the mantissa correctly bumps the exponent (up to infinity).
  return sign | ((halfExponent << 10) + roundShiftedToNearestEven(mantissa, 13));
}

function roundShiftedToNearestEven(value: number, shift: number): number {
  const truncated = value >>> shift;
  const remainder = value & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  return remainder > halfway || (remainder === halfway && (truncated & 1) === 1) ? truncated + 1 : truncated;
}

export function float16BitsToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : Number.NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}
