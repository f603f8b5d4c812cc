/** The worker-kill fault: a burst of calls in flight, SIGKILL, and a check that every call ended typed. */
import { ErrorCode, OutpostError } from '../../../../src-preload/contract/envelope';

export interface BurstOutcome {
  /** Calls rejected with a contract error code, per code. */
  typed: Record<string, number>;
  fulfilled: number;
  /** Anything else: a plain Error, a hang (never happens: Promise.allSettled would not return). */
  untyped: unknown[];
}

/**
 * Starts `before` calls, lets them reach the worker, kills it with SIGKILL, then starts `after` more while
 * it dies (these hit a child whose channel is closing: the EPIPE path). Resolves when every call settled.
 */
export async function killDuringBurst(
  pid: number,
  call: (index: number) => Promise<unknown>,
  options: { before: number; after: number },
): Promise<BurstOutcome> {
  const calls: Promise<unknown>[] = [];
  for (let i = 0; i < options.before; i++) calls.push(call(i));
  await new Promise((resolve) => setImmediate(resolve)); // the sends leave before the kill
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < options.after; i++) calls.push(call(options.before + i));
  const settled = await Promise.allSettled(calls);
  const outcome: BurstOutcome = { typed: {}, fulfilled: 0, untyped: [] };
  for (const result of settled) {
    if (result.status === 'fulfilled') outcome.fulfilled++;
    else if (result.reason instanceof OutpostError && ErrorCode.safeParse(result.reason.code).success) {
      outcome.typed[result.reason.code] = (outcome.typed[result.reason.code] ?? 0) + 1;
    } else outcome.untyped.push(result.reason);
  }
  return outcome;
}
