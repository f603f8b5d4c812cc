/** The `--serve` flags as parseArgs options; import-free so `scripts/start.ts` can forward them. */
export const SERVE_OPTIONS = {
  serve: { type: 'boolean' },
  listen: { type: 'string' },
  'api-port': { type: 'string' },
  allow: { type: 'string', multiple: true },
  'api-key-file': { type: 'string' },
} as const;

/** The given serve flags back as arguments for the host process. */
export function serveArgv(values: {
  serve?: boolean;
  listen?: string;
  'api-port'?: string;
  allow?: string[];
  'api-key-file'?: string;
}): string[] {
  const out: string[] = [];
  if (values.serve) out.push('--serve');
  if (values.listen !== undefined) out.push('--listen', values.listen);
  if (values['api-port'] !== undefined) out.push('--api-port', values['api-port']);
  for (const entry of values.allow ?? []) out.push('--allow', entry);
  if (values['api-key-file'] !== undefined) out.push('--api-key-file', values['api-key-file']);
  return out;
}

/** A serve-only flag given without --serve (checked before anything heavy loads). */
export function strayServeFlag(flags: {
  serve?: boolean;
  listen?: string;
  'api-port'?: string;
  allow?: string[];
  'api-key-file'?: string;
}): string | null {
  if (flags.serve) return null;
  return (['listen', 'api-port', 'allow', 'api-key-file'] as const).find((f) => flags[f] !== undefined) ?? null;
}
