/** Electron entry: lifecycle only. Security rules live in securityPolicy.ts, wiring in the files beside it. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, app, dialog, session } from 'electron';
import { createConsoleLogger } from '../core/consoleLogger';
import { createCore, type Core } from '../core/createCore';
import { APP_DIR_NAME } from '../core/paths';
import { claimDataDir } from '../core/storage/dataDirLock';
import { electronDialogs } from './dialogs';
import { registerIpc } from './ipc';
import { openLocalFile } from './openLocalFile';
import { electronProcessMetrics } from './processMetrics';
import { handleAppProtocol, registerAppSchemeAsPrivileged } from './protocol';
import { parseDevServerUrl } from './securityPolicy';
import { devSqliteBinding } from './sqlite/devSqliteBinding';
import { electronUpdater } from './updates/electronUpdater';
import { utilityProcessSpawner } from './utilitySpawner';
import { electronNotifications } from './notifications';
import { electronUserIdle } from './userIdle';
import { createMainWindow, focusWindow, guardWebContents, hardenSession, type WindowOptions } from './windows';

// This entry is out/main/main.js; the preload and renderer bundles sit beside out/main.
const here = path.dirname(fileURLToPath(import.meta.url));
const PRELOAD_PATH = path.join(here, '../preload/index.cjs');
const RENDERER_DIR = path.join(here, '../renderer');
const DISPOSE_TIMEOUT_MS = 5_000;

const logger = createConsoleLogger(app.isPackaged ? 'info' : 'debug', 'electron');
// A packaged app never follows ELECTRON_RENDERER_URL: only a dev build may load the dev server.
const devServerUrl = app.isPackaged ? null : parseDevServerUrl(process.env.ELECTRON_RENDERER_URL);

// Everything below until whenReady() must run synchronously before 'ready'.
registerAppSchemeAsPrivileged();
app.enableSandbox();
app.setName(APP_DIR_NAME);
const userDataOverride = app.commandLine.getSwitchValue('user-data-dir');
if (userDataOverride) app.setPath('userData', path.resolve(userDataOverride));

const windowOptions: WindowOptions = {
  preloadPath: PRELOAD_PATH,
  devServerUrl,
  allowDevTools: !app.isPackaged,
  logger,
};
let mainWindow: BrowserWindow | undefined;

function openMainWindow(): void {
  mainWindow = createMainWindow(windowOptions);
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
}

function failStartup(problem: string, error: unknown): void {
  const detail = error instanceof Error ? error.message : String(error);
  logger.error(problem, { error: error instanceof Error ? error.stack : detail });
  dialog.showErrorBox('Outpost could not start', `${problem}\n\n${detail}`);
  app.exit(1);
}

/** Disposes the core exactly once, then lets the quit continue. */
function disposeOnQuit(core: Core, unregisterIpc: () => void, releaseDataDir: () => void): void {
  let disposed = false;
  let disposing: Promise<void> | null = null;
  app.on('will-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    disposing ??= (async () => {
      unregisterIpc();
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, DISPOSE_TIMEOUT_MS).unref());
      await Promise.race([core.dispose(), timeout]).catch((error: unknown) => {
        logger.error('core dispose failed', { error: String(error) });
      });
      releaseDataDir();
      disposed = true;
      app.quit();
    })();
  });
}

async function start(): Promise<void> {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, devServerUrl, logger));
  app.on('second-instance', () => focusWindow(mainWindow));
  app.on('window-all-closed', () => {
    // macOS apps stay alive with no windows until the user quits explicitly.
    if (process.platform !== 'darwin') app.quit();
  });

  await app.whenReady();
  hardenSession(session.defaultSession, devServerUrl, logger);
  handleAppProtocol(RENDERER_DIR, logger);

  // Packaged apps carry better-sqlite3 rebuilt for Electron; a checkout loads the build kept apart for it.
  const sqlite = app.isPackaged ? {} : devSqliteBinding(app.getAppPath(), process.versions.electron, logger);
  if (!sqlite) return;
  const dataDir = app.getPath('userData');
  // electron-builder copies resources/ beside app.asar (extraResources); in development it sits in the repo.
  const resourcesDir = app.isPackaged
    ? path.join(process.resourcesPath, 'resources')
    : path.join(app.getAppPath(), 'resources');
  // The window opens before core starts (database, migrations, model scan): it paints its prerendered frame
  // meanwhile, and its first requests wait for core in the IPC handler (registered in this same tick).
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });
  openMainWindow();
  const coreReady = createCore({
    paths: { dataDir, resourcesDir },
    logger,
    spawner: utilityProcessSpawner,
    dialogs: electronDialogs,
    processMetrics: electronProcessMetrics,
    openPath: openLocalFile,
    updater: electronUpdater(app.isPackaged, logger),
    userIdle: electronUserIdle(),
    notifications: electronNotifications(() => mainWindow),
    guardGlobalFetch: true,
    sqlite,
    // Built beside main.js by electron-vite; its native llama.cpp binaries are unpacked from asar.
    workers: {
      inference: { modulePath: path.join(here, 'inferenceWorker.js') },
      embeddings: { modulePath: path.join(here, 'embeddingsWorker.js') },
      knowledgeParser: { modulePath: path.join(here, 'knowledgeParser.js') },
    },
    host: {
      shell: 'electron',
      appVersion: app.getVersion(),
      electronVersion: process.versions.electron,
      chromeVersion: process.versions.chrome,
    },
  });
  coreReady.catch(() => undefined); // reported below, once the window is open
  const unregisterIpc = registerIpc({ core: coreReady, devServerUrl, logger });
  let core: Core;
  try {
    core = await coreReady;
  } catch (error) {
    failStartup(`Outpost could not open its data in ${dataDir}.`, error);
    return;
  }
  // Tells `npm run mcp` to relay to this app instead of opening the data dir a second time.
  const dataDirLock = claimDataDir(dataDir, 'app');
  disposeOnQuit(core, unregisterIpc, () => dataDirLock.release());
}

if (app.requestSingleInstanceLock()) {
  start().catch((error: unknown) => failStartup('Outpost failed during start-up.', error));
} else {
  // Another instance owns this data directory; it was told to focus its window (second-instance).
  app.quit();
}
