import { describe, expect, it } from 'vitest';
import { providerLabel, sourceLabel } from './memoryText';

describe('memory inspector text', () => {
  it('names where a fact came from', () => {
    expect(sourceLabel('user')).toBe('added by you');
    expect(sourceLabel('agent:helper/conversation:c1')).toBe('remembered by helper');
    expect(sourceLabel('something else')).toBe('something else');
  });
  it('names execution providers, including llama.cpp ones', () => {
    expect(providerLabel('dml')).toMatch(/DirectML/);
    expect(providerLabel('llama-cpu')).toBe('llama.cpp on the CPU');
  });
});
