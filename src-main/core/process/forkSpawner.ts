import { fork } from 'node:child_process';
import type { Logger, ProcessSpawner, SpawnedProcess } from '../ports';

type ExitListener = (code: number | null, signal: string | null) => void;

/**
 * Plain-Node spawner (headless host, tests): child_process.fork with an IPC channel.
 * A child that dies mid-send makes Node emit 'error' (EPIPE) on it; unhandled, that would end the host.
 */
export function createForkSpawner(logger?: Logger): ProcessSpawner {
  return {
    spawn(modulePath, options): SpawnedProcess {
      const child = fork(modulePath, options.args ?? [], {
        env: { ...process.env, ...options.env, OUTPOST_PROCESS_NAME: options.name },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        serialization: 'advanced',
        // Without an explicit list fork() inherits the parent's flags (e.g. a test runner's loaders).
        ...(options.execArgv ? { execArgv: options.execArgv } : {}),
      });
      const exitListeners = new Set<ExitListener>();
      let exit: { code: number | null; signal: string | null } | null = null;
      const finish = (code: number | null, signal: string | null) => {
        if (exit) return;
        exit = { code, signal };
        for (const listener of exitListeners) listener(code, signal);
        exitListeners.clear();
      };
      child.once('exit', finish);
      child.on('error', (error: NodeJS.ErrnoException) => {
        logger?.warn(`${options.name} process error`, { code: error.code, error: error.message });
        // A child that never started has no 'exit' to come: report one so nobody waits for it.
        if (child.pid === undefined) finish(null, null);
      });
      return {
        get pid() {
          return child.pid;
        },
        postMessage(message) {
          if (exit || !child.connected) return false;
          try {
            // The callback takes the asynchronous EPIPE of a child that died while this was in flight.
            // send()'s own false only means "backlog": the message is still queued.
            child.send(message as never, (error) => {
              if (error) logger?.debug(`${options.name} message dropped`, { error: error.message });
            });
            return true;
          } catch {
            return false; // ERR_IPC_CHANNEL_CLOSED: the channel closed between the check and the send
          }
        },
        onMessage(listener) {
          child.on('message', listener);
          return () => child.off('message', listener);
        },
        onExit(listener) {
          if (exit) {
            const { code, signal } = exit;
            queueMicrotask(() => listener(code, signal));
            return () => undefined;
          }
          exitListeners.add(listener);
          return () => exitListeners.delete(listener);
        },
        kill() {
          if (!exit) child.kill('SIGKILL');
        },
      };
    },
  };
}

/** The spawner without a logger, for tests and scripts that do not collect process errors. */
export const forkSpawner: ProcessSpawner = createForkSpawner();
