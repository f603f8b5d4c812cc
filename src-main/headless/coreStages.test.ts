import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTRACT_PIECES, CORE_STAGES } from './coreStages';

const CONTRACT_DIR = path.resolve(__dirname, '../../src-preload/contract');

describe('core stages', () => {
  it('name every schema file of the contract as its own piece', () => {
    const files = fs
      .readdirSync(CONTRACT_DIR)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(CONTRACT_PIECES).sort()).toEqual(files);
  });

  it('each load, and a piece is the very module the route map then reuses', async () => {
    for (const stage of CORE_STAGES) await stage();
    expect(await CONTRACT_PIECES.inference!()).toBe(await import('../../src-preload/contract/inference'));
    const { routes } = await import('../../src-preload/contract');
    expect(Object.keys(routes)).toContain('models.list');
  });
});
