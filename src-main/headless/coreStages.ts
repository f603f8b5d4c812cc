/**
 * Core's modules in the order the headless host evaluates them, one piece at a time (stagedImport.ts): a request
 * that arrives while a piece evaluates waits for that piece only, so the pieces are kept small. The contract's
 * zod schemas are most of core's module time; each schema file is its own piece (a file imported here on its
 * own becomes its own chunk, and contract.ts reuses the evaluated module). One missing here still loads, with
 * contract.ts, in a bigger piece.
 */
import type { Stage } from './stagedImport';

/** Every schema file of src-preload/contract/, dependencies before the files importing them. */
export const CONTRACT_PIECES: Readonly<Record<string, Stage>> = {
  envelope: () => import('../../src-preload/contract/envelope'),
  outpostError: () => import('../../src-preload/contract/outpostError'),
  app: () => import('../../src-preload/contract/app'),
  settings: () => import('../../src-preload/contract/settings'),
  settingDefaults: () => import('../../src-preload/contract/settingDefaults'),
  events: () => import('../../src-preload/contract/events'),
  toolExtras: () => import('../../src-preload/contract/toolExtras'),
  inference: () => import('../../src-preload/contract/inference'),
  agents: () => import('../../src-preload/contract/agents'),
  conversations: () => import('../../src-preload/contract/conversations'),
  jobs: () => import('../../src-preload/contract/jobs'),
  models: () => import('../../src-preload/contract/models'),
  monitoring: () => import('../../src-preload/contract/monitoring'),
  catalog: () => import('../../src-preload/contract/catalog'),
  knowledge: () => import('../../src-preload/contract/knowledge'),
  knowledgeRoutes: () => import('../../src-preload/contract/knowledgeRoutes'),
  memory: () => import('../../src-preload/contract/memory'),
  mcp: () => import('../../src-preload/contract/mcp'),
  nodes: () => import('../../src-preload/contract/nodes'),
  nodeRoutes: () => import('../../src-preload/contract/nodeRoutes'),
  api: () => import('../../src-preload/contract/api'),
  system: () => import('../../src-preload/contract/system'),
  updates: () => import('../../src-preload/contract/updates'),
};

/** zod (its core, then its API), each schema file, the route map, then createCore's heaviest packages; `createCore` last. */
export const CORE_STAGES: readonly Stage[] = [
  () => import('zod/v4/core'),
  () => import('zod'),
  ...Object.values(CONTRACT_PIECES),
  () => import('../../src-preload/contract'),
  () => import('better-sqlite3'),
  () => import('chokidar'),
];
