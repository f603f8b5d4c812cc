import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../../src-preload/contract/inference';
import { excerptLastMessage } from './messageExcerpt';

// One token per UTF-16 code unit, decoded back as they are; a lone high surrogate decodes to U+FFFD.
const model = {
  tokenize: (text: string) => [...text].flatMap((c) => [...c].map((_, i) => c.charCodeAt(i))),
  detokenize: (tokens: readonly number[]) => String.fromCharCode(...tokens).replace(/[\uD800-\uDBFF]$/, '\uFFFD'),
} as unknown as Parameters<typeof excerptLastMessage>[2];

const system: ChatMessage = { role: 'system', content: 'Route this.' };

describe('excerptLastMessage', () => {
  it('cuts the last user message to its first tokens and leaves everything else alone', () => {
    const messages: ChatMessage[] = [system, { role: 'user', content: 'abcdefghij' }];
    expect(excerptLastMessage(messages, 4, model)).toEqual([system, { role: 'user', content: 'abcd' }]);
    expect(excerptLastMessage(messages, 10, model)).toEqual(messages);
    expect(excerptLastMessage(messages, undefined, model)).toEqual(messages);
    expect(messages[1]).toEqual({ role: 'user', content: 'abcdefghij' }); // not mutated
  });

  it('never cuts an assistant prefill or a system message', () => {
    const prefill: ChatMessage[] = [system, { role: 'assistant', content: 'abcdefghij' }];
    expect(excerptLastMessage(prefill, 2, model)).toEqual(prefill);
  });

  it('drops a character the cut split in two instead of sending a replacement character', () => {
    const messages: ChatMessage[] = [{ role: 'user', content: 'ab😀cd' }];
    expect(excerptLastMessage(messages, 3, model)).toEqual([{ role: 'user', content: 'ab' }]);
  });
});
