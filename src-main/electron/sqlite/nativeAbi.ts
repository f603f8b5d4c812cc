/**
 * Reads the Node ABI a native addon was compiled for: V8 addons export `node_register_module_v<N>`
 * (N = NODE_MODULE_VERSION), so the tag is in the file's symbol table whatever the OS's binary format.
 */
import fs from 'node:fs';

const TAG = /node_register_module_v(\d+)/g;

/** Every distinct ABI the buffer declares (normally exactly one); empty for N-API-only or non-addon files. */
export function declaredAbis(binary: Buffer): number[] {
  const found = new Set<number>();
  // latin1 maps each byte to one char, so the regex sees the raw symbol bytes.
  for (const match of binary.toString('latin1').matchAll(TAG)) found.add(Number(match[1]));
  return [...found].sort((a, b) => a - b);
}

/** The single ABI a .node file declares, or null when it declares none or several. */
export function readDeclaredAbi(file: string): number | null {
  const abis = declaredAbis(fs.readFileSync(file));
  return abis.length === 1 ? (abis[0] ?? null) : null;
}
