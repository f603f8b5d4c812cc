/**
 * Strict check of resources/catalog.json: schema, unique ids, and the shipped-catalog rules.
 * Usage: npx tsx scripts/validate-catalog.ts [path]; exits 1 on any problem.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../src-main/core/catalog/catalogFile';
import { checkShippedCatalog } from '../src-main/core/catalog/catalogRules';
import type { Logger } from '../src-main/core/ports';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const catalogPath = path.resolve(process.argv[2] ?? path.join(root, 'resources', 'catalog.json'));

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const catalog = loadCatalog(catalogPath, quiet);
const problems = checkShippedCatalog(catalog);

if (problems.length > 0) {
  console.error(`${path.relative(root, catalogPath)}: ${problems.length} problem(s)`);
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exit(1);
}
const files = catalog.models.flatMap((model) => model.variants.flatMap((variant) => variant.files));
const hashed = files.filter((file) => file.sha256 !== null).length;
const sized = files.filter((file) => file.sizeVerified).length;
console.log(
  `${path.relative(root, catalogPath)}: ${catalog.models.length} models, ${files.length} files ` +
    `(${hashed} with SHA-256, ${sized} with verified sizes) — OK`,
);
