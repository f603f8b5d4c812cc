import type { NodeHealthChecks } from '../nodes/nodeHealthChecks';
import type { NodeService } from '../nodes/nodeService';
import type { DomainHandlers } from '../rpc/handlerTypes';

export interface NodeServices {
  nodes: NodeService;
  nodeChecks: NodeHealthChecks;
}

export function nodeHandlers(s: NodeServices) {
  return {
    'nodes.list': async () => s.nodes.list(),
    'nodes.add': async (input) => s.nodes.add(input),
    'nodes.update': async ({ id, node }) => s.nodes.update(id, node),
    'nodes.remove': async ({ id }) => ({ removed: s.nodes.remove(id) }),
    'nodes.test': async ({ id }, ctx) => s.nodes.test(id, ctx.signal),
    'nodes.discover': async ({ id }, ctx) => s.nodes.discover(id, ctx.signal),
    'nodes.pools': async () => s.nodes.pools(),
    'nodes.savePool': async (input) => s.nodes.savePool(input),
    'nodes.removePool': async ({ id }) => ({ removed: s.nodes.removePool(id) }),
    'nodes.choices': async () => s.nodes.choices(),
    'nodes.checkHealth': async (_input, ctx) => {
      await s.nodeChecks.checkAll(ctx.signal);
      return s.nodes.list();
    },
  } satisfies DomainHandlers<'nodes'>;
}
