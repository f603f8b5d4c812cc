/**
 * Follows a source file's static imports (not `import('…')`, not type-only ones) through the repo's own files,
 * as the bundler would, and reports the packages it reaches: start-up paths stay free of heavy packages.
 */
import fs from 'node:fs';
import path from 'node:path';

// Static imports and re-exports that are not type-only; `import('…')` is left out on purpose.
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function resolveLocal(root: string, aliases: Record<string, string>, from: string, specifier: string): string | null {
  const base = aliases[specifier]
    ? path.join(root, aliases[specifier])
    : specifier.startsWith('.')
      ? path.resolve(path.dirname(from), specifier)
      : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')])
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  throw new Error(`cannot resolve ${specifier} from ${from}`);
}

/** Every package (Node's own `node:` modules left out) the entry pulls in, with the local file that first imports it. */
export function staticPackages(
  entry: string,
  options: { root: string; aliases?: Record<string, string> },
): Map<string, string> {
  const aliases = options.aliases ?? {};
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file) || /\.(css|svg)$/.test(file)) continue;
    seen.add(file);
    for (const [, specifier] of fs.readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (!specifier || specifier.endsWith('.css') || specifier.startsWith('node:')) continue;
      const local = resolveLocal(options.root, aliases, file, specifier);
      if (local) queue.push(local);
      else if (!packages.has(specifier)) packages.set(specifier, path.relative(options.root, file));
    }
  }
  return packages;
}
