import { describe, expect, it } from 'vitest';
import { nodeModelRef, parseModelRef, poolRef, slugify } from './nodeRefs';

describe('model refs', () => {
  it('tells local ids, node models (slashes kept) and pools apart', () => {
    expect(parseModelRef('qwen2.5-0.5b')).toEqual({ kind: 'local', modelId: 'qwen2.5-0.5b' });
    expect(parseModelRef(nodeModelRef('gpu-box', 'Qwen/Qwen2.5-7B'))).toEqual({
      kind: 'node',
      nodeId: 'gpu-box',
      model: 'Qwen/Qwen2.5-7B',
    });
    expect(parseModelRef(poolRef('office'))).toEqual({ kind: 'pool', poolId: 'office' });
    expect(parseModelRef('node:no-model')).toEqual({ kind: 'local', modelId: 'node:no-model' });
  });

  it('makes readable ids from names', () => {
    expect(slugify('GPU box (office)')).toBe('gpu-box-office');
    expect(slugify('!!!')).toBe('node');
  });
});
