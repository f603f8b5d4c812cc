import { describe, expect, it } from 'vitest';
import { chooseSequence } from './sequenceChoice';
import { SequencePool } from './sequencePool';

/** A fake sequence: the tokens it holds evaluated. */
const held = new Map<string, number[]>([
  ['a', [1, 2, 3, 4, 5]],
  ['b', [1, 2, 9]],
  ['c', []],
]);
const sharedWith = (prompt: number[]) => ({
  promptTokens: prompt.length,
  sharedPrefix: (item: string) => {
    const tokens = held.get(item) ?? [];
    let i = 0;
    while (i < tokens.length && i < prompt.length && tokens[i] === prompt[i]) i++;
    return i;
  },
});
const signal = new AbortController().signal;

describe('chooseSequence', () => {
  it('takes the longest shared prefix, then the least recently used', () => {
    expect(
      chooseSequence(
        [
          { item: 'x', sharedPrefix: 6, lastUsed: 1 },
          { item: 'y', sharedPrefix: 7, lastUsed: 9 },
        ],
        10,
      )?.item,
    ).toBe('y');
    expect(
      chooseSequence(
        [
          { item: 'x', sharedPrefix: 6, lastUsed: 5 },
          { item: 'y', sharedPrefix: 6, lastUsed: 2 },
        ],
        10,
      )?.item,
    ).toBe('y');
    expect(
      chooseSequence(
        [
          { item: 'x', sharedPrefix: 0, lastUsed: 3 },
          { item: 'y', sharedPrefix: 0, lastUsed: 0 },
        ],
        10,
      )?.item,
    ).toBe('y');
    expect(chooseSequence([], 10)).toBeUndefined();
  });

  it('counts a prefix shorter than half the prompt as a miss (a template header is not a conversation)', () => {
    const candidates = [
      { item: 'other-conversation', sharedPrefix: 4, lastUsed: 7 },
      { item: 'least-recent', sharedPrefix: 0, lastUsed: 2 },
    ];
    expect(chooseSequence(candidates, 10)?.item).toBe('least-recent');
    expect(chooseSequence(candidates, 8)?.item).toBe('other-conversation');
  });
});

describe('SequencePool with a prompt', () => {
  it('gives a request the free sequence that already holds its prefix', async () => {
    const pool = new SequencePool(['c', 'b', 'a'], 10_000);
    expect(await pool.acquire(signal, sharedWith([1, 2, 3, 4, 5, 6]))).toBe('a');
    expect(await pool.acquire(signal, sharedWith([1, 2, 9, 9]))).toBe('b');
    expect(await pool.acquire(signal, sharedWith([1, 2, 3]))).toBe('c'); // the ones holding it are busy
  });

  it('sends a prompt nobody holds to the least recently used sequence', async () => {
    const pool = new SequencePool(['a', 'b', 'c'], 10_000);
    const miss = sharedWith([42]);
    const first = await pool.acquire(signal, miss);
    expect(first).toBe('a'); // none used yet: the first free one
    pool.release(first);
    expect(await pool.acquire(signal, miss)).toBe('b');
    const c = await pool.acquire(signal, miss);
    expect(c).toBe('c');
    pool.release(c);
    // a was released before c: it is now the least recently used free one.
    expect(await pool.acquire(signal, miss)).toBe('a');
  });

  it('brings a conversation back to its sequence on every turn (FIFO alternated them)', async () => {
    const pool = new SequencePool(['a', 'b'], 10_000);
    const turn = [1, 2, 3, 4, 5, 7, 8];
    for (let i = 0; i < 3; i++) {
      const item = await pool.acquire(signal, sharedWith(turn));
      expect(item).toBe('a');
      pool.release(item);
    }
  });
});
