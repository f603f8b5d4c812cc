/**
 * Runs Electronegativity (Doyensec's Electron security scanner) over the Electron shell, the preload and
 * the renderer's HTML, and fails on any HIGH or MEDIUM finding. `npm test` runs it; alone:
 * `npx tsx scripts/security/electronegativity.ts`. Its CLI breaks on a newer hoisted commander, so this
 * calls its runner directly.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const STAGE = path.join(ROOT, '.cache', 'electronegativity');
const require = createRequire(import.meta.url);

/** Checks left out, each with the reason; everything else runs. */
export const EXCLUDED_CHECKS: Readonly<Record<string, string>> = {
  // Looks up Electron's release feed online; CI runs offline. `npm outdated electron` covers it.
  AvailableSecurityFixesGlobalCheck: 'needs the network',
};

interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string; value: number };
  confidence: { name: string };
  manualReview: boolean;
  description: string;
}
interface ScanResult {
  issues: Issue[];
  errors: { file: string; message: string; tolerable: boolean }[];
  globalChecks: number;
  atomicChecks: number;
}
type Runner = (options: Record<string, unknown>, forCli: boolean) => Promise<ScanResult>;

/** The scanner takes one directory; stage the files it should read, keeping their repo-relative names. */
function stage(): string[] {
  fs.rmSync(STAGE, { recursive: true, force: true });
  const sources = [
    ...fs
      .readdirSync(path.join(ROOT, 'src-main/electron'))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => `src-main/electron/${file}`),
    ...fs
      .readdirSync(path.join(ROOT, 'src-preload'))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => `src-preload/${file}`),
    'src-renderer/index.html',
  ];
  for (const source of sources) {
    const target = path.join(STAGE, source);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(ROOT, source), target);
  }
  return sources;
}

/** Scans `input` (a directory); HIGH and MEDIUM findings are blocking. */
export async function scan(
  input: string,
): Promise<{ blocking: Issue[]; other: Issue[]; errors: ScanResult['errors'] }> {
  const run = require('@doyensec/electronegativity/dist/runner.js') as Runner;
  const electronVersion = (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }
  ).version;
  const result = await run(
    {
      input,
      customScan: [],
      excludeFromScan: Object.keys(EXCLUDED_CHECKS).map((id) => id.toLowerCase()),
      isRelative: true,
      isVerbose: false,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    },
    false,
  );
  const isBlocking = (issue: Issue) => issue.severity.name === 'HIGH' || issue.severity.name === 'MEDIUM';
  return {
    blocking: result.issues.filter(isBlocking),
    other: result.issues.filter((issue) => !isBlocking(issue)),
    errors: result.errors,
  };
}

async function main(): Promise<void> {
  stage();
  const { blocking, other, errors } = await scan(STAGE);
  const show = (issue: Issue) =>
    `  ${issue.severity.name.padEnd(13)} ${issue.id} ${issue.file}:${issue.location.line}${issue.manualReview ? ' (review)' : ''}`;
  for (const issue of other) console.log(show(issue));
  for (const error of errors)
    console.log(`  ${error.tolerable ? 'warning' : 'PARSE ERROR'} ${error.file}: ${error.message}`);
  for (const issue of blocking) console.error(show(issue));
  const parseFailures = errors.filter((error) => !error.tolerable);
  console.log(
    `electronegativity: ${blocking.length} high/medium, ${other.length} low/informational, ${parseFailures.length} unparsed files`,
  );
  process.exit(blocking.length === 0 && parseFailures.length === 0 ? 0 : 1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
