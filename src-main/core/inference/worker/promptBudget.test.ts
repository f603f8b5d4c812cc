import { describe, expect, it } from 'vitest';
import { OutpostError } from '../../../../src-preload/contract/envelope';
import { replyBudget } from './promptBudget';

describe('replyBudget', () => {
  it('defaults the reply limit to what remains of the context, and caps a larger one there', () => {
    expect(replyBudget({ promptTokens: 100, contextSize: 512, maxTokens: undefined })).toBe(412);
    expect(replyBudget({ promptTokens: 100, contextSize: 512, maxTokens: 64 })).toBe(64);
    expect(replyBudget({ promptTokens: 100, contextSize: 512, maxTokens: 10_000 })).toBe(412);
  });

  it.each([512, 513, 4_000])(
    'refuses a %i-token prompt in a 512-token context with the numbers and a fix',
    (promptTokens) => {
      let error: unknown;
      try {
        replyBudget({ promptTokens, contextSize: 512, maxTokens: 16 });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(OutpostError);
      const overflow = error as OutpostError;
      expect(overflow.code).toBe('context_overflow');
      expect(overflow.details).toEqual({
        reason: 'prompt_too_long',
        promptTokens,
        contextSize: 512,
        maxTokens: 16,
        suggestion: expect.stringMatching(
          /Shorten the prompt .* by at least \d+ tokens, or load the model with a larger context size \(now 512\)/,
        ),
      });
      expect(overflow.message).toContain(`The prompt is ${promptTokens} tokens but the model's context holds 512`);
    },
  );
});
