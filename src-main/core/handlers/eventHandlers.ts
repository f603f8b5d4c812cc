import { OutpostError } from '@contract';
import type { DomainHandlers, HandlerContext } from '../rpc/handlerTypes';

function clientOf(ctx: HandlerContext) {
  if (!ctx.client) throw new OutpostError('bad_request', 'This caller has no event channel to subscribe with');
  return ctx.client;
}

/** events.*: subscriptions are a route like any other; the transport passes the calling client in ctx. */
export function eventHandlers() {
  return {
    'events.subscribe': async ({ topics }, ctx) => ({ topics: clientOf(ctx).subscribe(topics) }),
    'events.unsubscribe': async ({ topics }, ctx) => ({ topics: clientOf(ctx).unsubscribe(topics) }),
  } satisfies DomainHandlers<'events'>;
}
