/** The `nodes.*` routes and events, spread into contract.ts's maps. */
import { z } from 'zod';
import { Empty } from './app';
import {
  NodeHealthEvent,
  NodeIdInput,
  NodeInfo,
  NodeInput,
  NodeTestResult,
  PoolInfo,
  PoolInput,
  RemoteModelChoice,
} from './nodes';

export const nodeRoutes = {
  'nodes.list': { input: Empty, output: z.array(NodeInfo) },
  'nodes.add': { input: NodeInput, output: NodeInfo },
  'nodes.update': { input: NodeIdInput.extend({ node: NodeInput }), output: NodeInfo },
  'nodes.remove': { input: NodeIdInput, output: z.object({ removed: z.boolean() }) },
  /** Reaches the node now: its model list, timed; nothing is stored but the health it shows. */
  'nodes.test': { input: NodeIdInput, output: NodeTestResult },
  /** Lists the node's models and probes what each supports (streaming, tools, JSON schema). */
  'nodes.discover': { input: NodeIdInput, output: NodeInfo },
  'nodes.pools': { input: Empty, output: z.array(PoolInfo) },
  'nodes.savePool': { input: PoolInput, output: PoolInfo },
  'nodes.removePool': { input: NodeIdInput, output: z.object({ removed: z.boolean() }) },
  /** Node models and pools an agent can pick in the builder. */
  'nodes.choices': { input: Empty, output: z.array(RemoteModelChoice) },
  /** Runs a health check of every enabled node now (as the periodic one does) and returns them. */
  'nodes.checkHealth': { input: Empty, output: z.array(NodeInfo) },
} as const;

export const nodeEvents = {
  'nodes.changed': z.array(NodeInfo),
  'nodes.poolsChanged': z.array(PoolInfo),
  'nodes.health': NodeHealthEvent,
} as const;
