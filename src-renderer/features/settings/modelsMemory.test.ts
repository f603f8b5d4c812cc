import { describe, expect, it } from 'vitest';
import { modelsFolder } from '../models/modelText';
import { backendChoices } from './ModelsMemorySection';
import { parseWholeInRange } from './numberSetting';

describe('parseWholeInRange', () => {
  it('accepts whole numbers in range only', () => {
    expect(parseWholeInRange(' 65 ', 10, 95)).toEqual({ ok: true, value: 65 });
    expect(parseWholeInRange('0', 0, 1440)).toEqual({ ok: true, value: 0 });
    expect(parseWholeInRange('6', 10, 95)).toEqual({ ok: false, error: 'Must be from 10 to 95' });
    expect(parseWholeInRange('6.5', 10, 95)).toEqual({ ok: false, error: 'Enter a whole number from 10 to 95' });
    expect(parseWholeInRange('', 10, 95).ok).toBe(false);
  });
});

describe('backendChoices', () => {
  it('marks backends this machine cannot run, with the reason', () => {
    const choices = backendChoices([
      { backend: 'cuda', available: false, reason: 'no NVIDIA driver found' },
      { backend: 'metal', available: false, reason: null },
      { backend: 'cpu', available: true, reason: null },
    ]);
    expect(choices.map((c) => [c.value, c.unavailable])).toEqual([
      ['auto', null],
      ['metal', 'not available on this computer'],
      ['cuda', 'no NVIDIA driver found'],
      ['vulkan', null],
      ['cpu', null],
    ]);
  });

  it('offers everything until the snapshot arrives', () => {
    expect(backendChoices(undefined).every((c) => c.unavailable === null)).toBe(true);
  });
});

describe('modelsFolder', () => {
  it('appends models with the separator the data dir uses', () => {
    expect(modelsFolder('/home/me/.outpost/')).toBe('/home/me/.outpost/models');
    expect(modelsFolder('C:\\Users\\me\\Outpost')).toBe('C:\\Users\\me\\Outpost\\models');
  });
});
