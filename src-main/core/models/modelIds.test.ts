import { describe, expect, it } from 'vitest';
import { modelIdFromFileName, uniqueModelId } from './modelIds';

describe('model ids', () => {
  it.each([
    ['Qwen2.5-0.5B-Instruct-Q4_K_M.gguf', 'qwen2.5-0.5b-instruct-q4_k_m'],
    ['My Model (v2).GGUF', 'my-model-v2'],
    ['Café crème.gguf', 'cafe-creme'],
    ['---.gguf', 'model'],
    ['模型.gguf', 'model'],
    [`${'a'.repeat(200)}.gguf`, 'a'.repeat(96)],
  ])('%s → %s', (fileName, id) => {
    expect(modelIdFromFileName(fileName)).toBe(id);
    expect(id).toMatch(/^[a-z0-9._-]+$/);
  });

  it('adds -2, -3 … to ids that are taken', () => {
    const taken = new Set(['model', 'model-2']);
    expect(uniqueModelId('model', (id) => taken.has(id))).toBe('model-3');
    expect(uniqueModelId('other', (id) => taken.has(id))).toBe('other');
  });
});
