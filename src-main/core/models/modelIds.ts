/** Readable, stable model ids derived from file names ("Qwen2.5 0.5B.Q4_K_M.gguf" → "qwen2.5-0.5b.q4_k_m"). */

const MAX_ID_LENGTH = 96;

export function modelIdFromFileName(fileName: string): string {
  const slug = fileName
    .replace(/\.gguf$/i, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // drop accents after decomposition: "é" → "e"
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
    .slice(0, MAX_ID_LENGTH)
    .replace(/[-._]+$/g, '');
  return slug.length > 0 ? slug : 'model';
}

/** `base`, or `base-2`, `base-3`, … — the first one not taken. */
export function uniqueModelId(base: string, isTaken: (id: string) => boolean): string {
  if (!isTaken(base)) return base;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${base}-${suffix}`;
    if (!isTaken(candidate)) return candidate;
  }
}
