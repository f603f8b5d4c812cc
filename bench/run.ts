/** `npm run bench` runs every benchmark; `npm run bench -- inference` runs one. */
export {};
const benches: Record<string, () => Promise<unknown>> = {
  api: () => import('./api'),
  engine: () => import('./engine'),
  inference: () => import('./inference'),
  jobs: () => import('./jobs'),
  knowledge: () => import('./knowledge'),
  memory: () => import('./memory'),
  nodes: () => import('./nodes'),
  parallel: () => import('./parallel'),
  routing: () => import('./routing'),
  speculative: () => import('./speculative'),
  streaming: () => import('./streaming'),
  startup: () => import('./startup'),
  turns: () => import('./turns'),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((name) => !(name in benches));
if (unknown.length > 0) {
  console.error(`unknown bench: ${unknown.join(', ')} (have: ${Object.keys(benches).join(', ')})`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(benches)) {
  const bench = (await benches[name]!()) as { main(): Promise<void> };
  await bench.main();
}
