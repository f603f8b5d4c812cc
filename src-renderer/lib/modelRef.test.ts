import { describe, expect, it } from 'vitest';
import { answeredByText, describeModelRef } from './modelRef';

describe('model refs in the renderer', () => {
  it('names the node and model of a remote reply', () => {
    expect(answeredByText('node:gpu-box/Qwen/Qwen2.5-7B')).toBe('answered by Qwen/Qwen2.5-7B on gpu-box');
    expect(describeModelRef('pool:office')).toEqual({ model: 'pool:office', node: null, pool: 'office' });
    expect(answeredByText('tiny-1')).toBe('tiny-1');
  });
});
