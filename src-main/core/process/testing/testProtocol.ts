/** A tiny protocol for the worker host's own tests: each call makes the test worker do one thing. */
import { z } from 'zod';
import { CallId } from '../workerWire';

export const TestMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('init'), callId: CallId, refuse: z.boolean().default(false) }),
  z.object({ type: z.literal('echo'), callId: CallId, value: z.string().max(1000) }),
  /** Answers after `ms`, so calls stay in flight. */
  z.object({ type: z.literal('wait'), callId: CallId, ms: z.number().int().min(0).max(600_000) }),
  /** Sends `count` events and progress, then answers. */
  z.object({ type: z.literal('stream'), callId: CallId, count: z.number().int().min(0).max(100) }),
  /** Exits the process with `code` while the call is in flight. */
  z.object({ type: z.literal('exit'), callId: CallId, code: z.number().int() }),
  /** Answers with a value that breaks the result schema. */
  z.object({ type: z.literal('badValue'), callId: CallId }),
  /** Sends a frame outside the envelope and an event outside the event schema, then answers. */
  z.object({ type: z.literal('garbage'), callId: CallId }),
  /** Closes the IPC channel but keeps running: the host can no longer reach it. */
  z.object({ type: z.literal('disconnect'), callId: CallId }),
]);
export type TestMessage = z.output<typeof TestMessage>;

export const TestEvent = z.object({ index: z.number().int() });

export const TestResults = {
  init: z.object({ pid: z.number().int() }),
  echo: z.object({ value: z.string() }),
  wait: z.object({ waited: z.number() }),
  stream: z.object({ sent: z.number().int() }),
  exit: z.never(),
  badValue: z.object({ value: z.string() }),
  garbage: z.object({ done: z.boolean() }),
  disconnect: z.object({ done: z.boolean() }),
} as const satisfies Record<TestMessage['type'], z.ZodType>;

export const TEST_PROTOCOL = { label: 'Test worker', messages: TestMessage, results: TestResults, events: TestEvent };
