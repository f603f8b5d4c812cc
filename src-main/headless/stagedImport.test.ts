import { describe, expect, it } from 'vitest';
import { InFlight } from './inFlight';
import { importInStages } from './stagedImport';

describe('importInStages', () => {
  it('runs the stages in order with the in-between step after each, then returns the last one', async () => {
    const log: string[] = [];
    const stage = (name: string) => async () => void log.push(name);
    const value = await importInStages(
      [stage('a'), stage('b')],
      async () => {
        log.push('last');
        return 42;
      },
      async () => void log.push('between'),
    );
    expect(value).toBe(42);
    expect(log).toEqual(['a', 'between', 'b', 'between', 'last']);
  });

  it('by default gives the event loop a turn between stages', async () => {
    const log: string[] = [];
    await importInStages(
      [
        async () => {
          // A callback the loop runs after its I/O, like a request handled while a piece was evaluating.
          setImmediate(() => log.push('loop turn'));
          log.push('stage 1');
        },
        async () => void log.push('stage 2'),
      ],
      async () => undefined,
    );
    expect(log).toEqual(['stage 1', 'loop turn', 'stage 2']);
  });

  it('stops at a failing stage and rejects with its error', async () => {
    let reachedLast = false;
    const failing = importInStages(
      [
        async () => {
          throw new Error('module not found');
        },
      ],
      async () => (reachedLast = true),
    );
    await expect(failing).rejects.toThrow('module not found');
    expect(reachedLast).toBe(false);
  });
});

describe('InFlight', () => {
  it('settles at once with nothing in flight', async () => {
    await new InFlight().settled();
  });

  it('settles when the last response ends, counting each end once', async () => {
    const inFlight = new InFlight();
    const endA = inFlight.begin();
    const endB = inFlight.begin();
    let settled = false;
    void inFlight.settled().then(() => (settled = true));
    endA();
    endA(); // 'finish' then 'close' on one response must not count twice
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(inFlight.size).toBe(1);
    endB();
    await inFlight.settled();
    await Promise.resolve();
    expect(settled).toBe(true);
  });
});
