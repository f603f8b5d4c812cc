/** Subscriptions: a client names the topics it shows and receives only the events of those topics. */
import { z } from 'zod';

/** `family` or `family:id` (e.g. `models`, `conversation:3f2a…`); ids are the ones the contract hands out. */
export const Topic = z
  .string()
  .min(1)
  .max(240)
  .regex(/^[a-z][a-z0-9.]{0,39}(?::[A-Za-z0-9._:-]{1,200})?$/, 'must look like "family" or "family:id"');
export type Topic = z.output<typeof Topic>;

export const SubscribeInput = z.object({ topics: z.array(Topic).min(1).max(100) }).strict();

/** Every topic the calling client is subscribed to after the change. */
export const Subscriptions = z.object({ topics: z.array(z.string()) });
export type Subscriptions = z.output<typeof Subscriptions>;
