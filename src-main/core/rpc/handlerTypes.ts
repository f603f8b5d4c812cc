import type { z } from 'zod';
import type { RouteName, Routes } from '@contract';
import type { EventClient } from '../events/eventHub';

export interface HandlerContext {
  /** Aborted when the caller goes away (window closed, socket dropped). */
  signal: AbortSignal;
  /** The caller's event subscriptions; absent for callers without an event channel (in-process, tests). */
  client?: EventClient;
}

/** Exactly one handler per route: a missing or extra key fails `satisfies Handlers`. */
export type Handlers = {
  [R in RouteName]: (input: z.output<Routes[R]['input']>, ctx: HandlerContext) => Promise<z.input<Routes[R]['output']>>;
};

/** Handlers of one domain (`models.*`); a literal `satisfies DomainHandlers<'models'>` rejects strays. */
export type DomainHandlers<D extends string> = Pick<Handlers, Extract<RouteName, `${D}.${string}`>>;
