/** Which parser reads a file, by extension; anything else is skipped as unsupported. */
import path from 'node:path';
import type { DocumentFormat } from './parsedDocument';

const CODE = new Set(
  (
    'ts tsx js jsx mjs cjs py rs go java kt kts scala c h cc cpp hpp cs rb php swift sh bash zsh ps1 sql ' +
    'json yaml yml toml ini css scss less lua r m mm dart ex exs erl hs clj vue svelte xml gradle proto'
  ).split(' '),
);
const TEXT = new Set(['txt', 'text', 'log', 'rst', 'adoc', 'org']);

export function formatOf(file: string): DocumentFormat | null {
  const ext = path.extname(file).slice(1).toLowerCase();
  if (ext === 'pdf') return 'pdf';
  if (ext === 'docx') return 'docx';
  if (ext === 'md' || ext === 'markdown' || ext === 'mdx') return 'markdown';
  if (ext === 'html' || ext === 'htm' || ext === 'xhtml') return 'html';
  if (ext === 'csv') return 'csv';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  if (TEXT.has(ext)) return 'text';
  if (CODE.has(ext)) return 'code';
  const base = path.basename(file).toLowerCase();
  if (base === 'readme' || base === 'license' || base === 'makefile' || base === 'dockerfile') return 'text';
  return null;
}
