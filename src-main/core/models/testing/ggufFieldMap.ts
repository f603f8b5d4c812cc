/**
 * Where the interesting fields of a *valid* GGUF file are, so fuzzing can aim at counts, lengths and
 * type ids instead of only flipping random bytes. Trusts its input: never use it on untrusted files.
 */
export interface GgufFieldMap {
  /** End of the tensor infos (start of the alignment padding). */
  headerEnd: number;
  /** u64 offsets of the tensor count and the metadata count. */
  counts: number[];
  /** u64 offsets of every key/string/tensor-name length, array length and tensor dimension. */
  lengths: number[];
  /** u32 offsets of value types, array item types, tensor n_dims and ggml types. */
  types: number[];
  /** u64 offsets of tensor data offsets. */
  tensorOffsets: number[];
}

const FIXED_SIZES: Readonly<Record<number, number>> = {
  0: 1,
  1: 1,
  2: 2,
  3: 2,
  4: 4,
  5: 4,
  6: 4,
  7: 1,
  10: 8,
  11: 8,
  12: 8,
};

export function mapGgufFields(bytes: Uint8Array): GgufFieldMap {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const map: GgufFieldMap = { headerEnd: 0, counts: [8, 16], lengths: [], types: [], tensorOffsets: [] };
  let at = 8;
  const u32 = () => ((at += 4), view.readUInt32LE(at - 4));
  const u64 = () => ((at += 8), Number(view.readBigUInt64LE(at - 8)));
  const string = () => {
    map.lengths.push(at);
    const length = u64();
    at += length;
  };
  const value = (type: number): void => {
    if (type === 8) return string();
    if (type === 9) {
      map.types.push(at);
      const itemType = u32();
      map.lengths.push(at);
      const length = u64();
      for (let i = 0; i < length; i++) value(itemType);
      return;
    }
    at += FIXED_SIZES[type]!;
  };

  const tensorCount = u64();
  const kvCount = u64();
  for (let i = 0; i < kvCount; i++) {
    string();
    map.types.push(at);
    value(u32());
  }
  for (let i = 0; i < tensorCount; i++) {
    string();
    map.types.push(at);
    const dims = u32();
    for (let d = 0; d < dims; d++) {
      map.lengths.push(at);
      at += 8;
    }
    map.types.push(at);
    at += 4;
    map.tensorOffsets.push(at);
    at += 8;
  }
  map.headerEnd = at;
  return map;
}
