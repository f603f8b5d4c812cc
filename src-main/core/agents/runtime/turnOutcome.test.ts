import { describe, expect, it } from 'vitest';
import { decisionOf } from './turnOutcome';

const failed = (code: 'aborted' | 'invalid_args') => ({
  ok: false,
  content: '',
  output: '',
  truncated: false,
  error: { code, message: code },
});

describe('decisionOf', () => {
  it('says "cancelled" for a call stopped after it was let through, "not-run" for one that never started', () => {
    expect(decisionOf(failed('aborted'), undefined, true)).toBe('cancelled');
    expect(decisionOf(failed('invalid_args'), undefined, false)).toBe('not-run');
    expect(decisionOf(failed('aborted'), 'asked', true)).toBe('not-run');
  });
});
