import { fork } from 'node:child_process';
import type { ProcessSpawner, SpawnedProcess } from '../ports';

/** Plain-Node spawner (headless host, tests): child_process.fork with an IPC channel. */
export const forkSpawner: ProcessSpawner = {
  spawn(modulePath, options): SpawnedProcess {
    const child = fork(modulePath, options.args ?? [], {
      env: { ...process.env, ...options.env, OUTPOST_PROCESS_NAME: options.name },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
      // Without an explicit list fork() inherits the parent's flags (e.g. a test runner's loaders).
      ...(options.execArgv ? { execArgv: options.execArgv } : {}),
    });
    return {
      get pid() {
        return child.pid;
      },
      postMessage(message) {
        if (child.connected) child.send(message as never);
      },
      onMessage(listener) {
        child.on('message', listener);
        return () => child.off('message', listener);
      },
      onExit(listener) {
        const handler = (code: number | null, signal: NodeJS.Signals | null) => listener(code, signal);
        child.once('exit', handler);
        return () => child.off('exit', handler);
      },
      kill() {
        child.kill('SIGKILL');
      },
    };
  },
};
