/** The scanner really flags an insecure window, so a clean run of `npm test` means something. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { scan } from './electronegativity';

it('flags a window without context isolation and a session without a permission handler', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-eneg-'));
  fs.writeFileSync(
    path.join(dir, 'bad.js'),
    [
      "const { BrowserWindow, shell } = require('electron');",
      'const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });',
      "w.webContents.on('will-navigate', (_e, url) => shell.openExternal(url));",
    ].join('\n'),
  );
  const { blocking } = await scan(dir);
  expect(blocking.map((issue) => issue.id)).toEqual(
    expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK']),
  );
});
