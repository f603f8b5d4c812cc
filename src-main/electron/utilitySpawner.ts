import { utilityProcess } from 'electron';
import type { ProcessSpawner, SpawnedProcess } from '../core/ports';

function definedEnv(...sources: Array<Record<string, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) if (value !== undefined) env[key] = value;
  }
  return env;
}

/**
 * Electron spawner: workers run as utilityProcess (a Chromium-managed Node process), so a native crash
 * in a model never takes the main process down. Mirrors core/process/forkSpawner.ts. Call after 'ready'.
 * Worker side: messages arrive on `process.parentPort` here, not `process.on('message')` as under fork.
 */
export const utilityProcessSpawner: ProcessSpawner = {
  spawn(modulePath, options): SpawnedProcess {
    const child = utilityProcess.fork(modulePath, options.args ?? [], {
      serviceName: `Outpost ${options.name}`,
      env: definedEnv(process.env, options.env ?? {}, { OUTPOST_PROCESS_NAME: options.name }),
      stdio: ['ignore', 'inherit', 'inherit'],
      ...(options.execArgv ? { execArgv: options.execArgv } : {}),
    });
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    return {
      get pid() {
        return child.pid;
      },
      postMessage(message) {
        // Same contract as forkSpawner: a message to a dead worker is dropped and reported, never thrown.
        if (exited) return false;
        try {
          child.postMessage(message);
          return true;
        } catch {
          return false;
        }
      },
      onMessage(listener) {
        const handler = (message: unknown) => listener(message);
        child.on('message', handler);
        return () => child.off('message', handler);
      },
      onExit(listener) {
        // utilityProcess reports only an exit code; a signal name is never available.
        const handler = (code: number) => listener(code, null);
        child.once('exit', handler);
        return () => child.off('exit', handler);
      },
      kill() {
        if (!exited) child.kill();
      },
    };
  },
};
