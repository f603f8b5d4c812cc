/**
 * One node_modules, two ABIs: the Node build that tests and the headless host load, and the Electron build
 * kept apart for the window. Tags are read from the binaries themselves (`node_register_module_v<N>`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../core/storage/schema';
import { openDatabase } from '../../core/storage/openDatabase';
import { createMemoryLogger, makeTempDir } from '../../core/testing/testPorts';
import { ensureElectronSqlite, readElectronTarget } from '../../../scripts/lib/electronSqlite';
import { electronSqliteBindingPath } from './electronSqliteBinding';
import { declaredAbis, readDeclaredAbi } from './nativeAbi';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const NODE_BUILD = path.join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

describe('declaredAbis', () => {
  it('finds the tag among other bytes, once per distinct ABI', () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]), Buffer.from('\0node_register_module_v150\0x\0')]);
    expect(declaredAbis(elf)).toEqual([150]);
    expect(declaredAbis(Buffer.concat([elf, elf]))).toEqual([150]);
    expect(declaredAbis(Buffer.from('node_register_module_v115 node_register_module_v127'))).toEqual([115, 127]);
    expect(declaredAbis(Buffer.from('napi_register_module_v1'))).toEqual([]);
  });
});

describe('the Node-ABI build (tests, headless host)', () => {
  it('declares the running Node ABI', () => {
    expect(readDeclaredAbi(NODE_BUILD)).toBe(Number(process.versions.modules));
  });

  it('openDatabase loads the addon named by the nativeBinding port, and only that one', () => {
    const dir = makeTempDir();
    const copy = path.join(dir, 'copy.node');
    fs.copyFileSync(NODE_BUILD, copy);
    const { db } = openDatabase(path.join(dir, 'a.db'), migrations, createMemoryLogger(), Date.now, { nativeBinding: copy });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(() =>
      openDatabase(path.join(dir, 'b.db'), migrations, createMemoryLogger(), Date.now, {
        nativeBinding: path.join(dir, 'missing.node'),
      }),
    ).toThrow(/missing\.node/);
  });
});

describe('the Electron-ABI build (the window in a checkout)', () => {
  it('is what the Electron main loads, and declares node_modules/electron/abi_version', { timeout: 900_000 }, async (ctx) => {
    const target = readElectronTarget(ROOT);
    if (!target) return ctx.skip('the electron package is not installed');
    const result = await ensureElectronSqlite(ROOT);
    if (!result.ok) return ctx.skip(result.reason);
    // devSqliteBinding (main.ts) resolves the same path from app.getAppPath() and process.versions.electron.
    expect(result.binding).toBe(electronSqliteBindingPath(ROOT, target.version));
    expect(readDeclaredAbi(result.binding)).toBe(target.abi);
    expect(target.abi).not.toBe(Number(process.versions.modules));
  });
});
