/** Names what a non-GGUF file most likely is, so "not a GGUF file" comes with a useful hint. */

const SIGNATURES: ReadonlyArray<readonly [prefix: string, what: string]> = [
  ['PK\x03\x04', 'a ZIP archive'],
  ['\x89PNG', 'a PNG image'],
  ['\xff\xd8\xff', 'a JPEG image'],
  ['%PDF', 'a PDF document'],
  ['\x1f\x8b', 'a gzip archive'],
  ['7z\xbc\xaf', 'a 7-Zip archive'],
  ['\x7fELF', 'a program, not a model'],
  ['MZ', 'a Windows program, not a model'],
  // Pre-GGUF llama.cpp formats, little-endian magics 'ggml', 'ggmf', 'ggjt'.
  ['lmgg', 'an old GGML model; convert it to GGUF with llama.cpp'],
  ['fmgg', 'an old GGMF model; convert it to GGUF with llama.cpp'],
  ['tjgg', 'an old GGJT model; convert it to GGUF with llama.cpp'],
  ['FUGG', 'a big-endian GGUF file written backwards'],
];

function startsWith(bytes: Uint8Array, prefix: string): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix.charCodeAt(i)) return false;
  return true;
}

function isText(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f));
}

/** "a ZIP archive", "a safetensors file…", or null when nothing is recognised. */
export function guessFileKind(head: Uint8Array): string | null {
  for (const [prefix, what] of SIGNATURES) if (startsWith(head, prefix)) return what;
  // safetensors: u64 JSON header length, then '{'.
  if (head.length >= 9 && head[8] === 0x7b && head[6] === 0 && head[7] === 0) {
    return 'a safetensors file; Outpost runs GGUF models';
  }
  const first = head[0];
  if (first === 0x3c && isText(head)) return 'an HTML or XML page (perhaps a failed download)';
  if ((first === 0x7b || first === 0x5b) && isText(head)) return 'JSON text';
  if (head.length > 0 && isText(head)) return 'a text file';
  return null;
}
