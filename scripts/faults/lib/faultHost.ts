/** The real built headless host as a child process the fault tests can SIGKILL, plus a typed WS client. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { ErrorCode, type RouteName } from '@contract';
import { WS_PATH, WS_TOKEN_PROTOCOL_PREFIX } from '../../../src-preload/wire';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
const URL_LINE = /is running at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([0-9a-f]+))/;
const ERROR_CODES = new Set<string>(ErrorCode.options);

export type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

export interface FaultHost {
  child: ChildProcess;
  dataDir: string;
  port: number;
  token: string;
  logs(): string;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<string>;
  kill9(): Promise<string>;
  stop(): Promise<void>;
}

export function makeDataDir(prefix = 'outpost-fault-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function hostEntry(): string {
  // OUTPOST_FAULT_BUILD_DIR: a build of its own (two levels below the repo, like out/), e.g. while others rebuild out/.
  const file = path.join(process.env.OUTPOST_FAULT_BUILD_DIR ?? path.join(ROOT, 'out'), 'main', 'headless.js');
  if (!fs.existsSync(file)) throw new Error('Built headless host not found: run `npm run build` first');
  return file;
}

export async function startHost(dataDir: string, extraArgs: string[] = []): Promise<FaultHost> {
  const child = spawn(process.execPath, [hostEntry(), '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)),
  );
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${stdout}\n${stderr}`)), 60_000);
    child.stdout?.on('data', (chunk) => {
      stdout += String(chunk);
      const found = URL_LINE.exec(stdout);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`host ended (${how}) before printing its URL:\n${stdout}\n${stderr}`));
    });
  });
  return {
    child,
    dataDir,
    port: Number(match[2]),
    token: match[3] ?? '',
    logs: () => stderr,
    exited,
    kill9: () => {
      child.kill('SIGKILL');
      return exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface HostClient {
  request(route: RouteName | string, input: unknown): Promise<Reply>;
  /** Sends a raw frame (any JSON or text) and waits for the reply that carries `id`, if any. */
  raw(frame: string, id: number | null): Promise<Reply | null>;
  onEvent(listener: (name: string, payload: unknown) => void): void;
  close(): void;
  closed: Promise<void>;
}

export async function connect(host: FaultHost): Promise<HostClient> {
  const origin = `http://127.0.0.1:${host.port}`;
  const socket = new WebSocket(`ws://127.0.0.1:${host.port}${WS_PATH}`, [WS_TOKEN_PROTOCOL_PREFIX + host.token], {
    headers: { Origin: origin },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const pending = new Map<number, (reply: Reply) => void>();
  const listeners: ((name: string, payload: unknown) => void)[] = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as
      { type: 'response'; id: number | null; result: Reply } | { type: 'event'; name: string; payload: unknown };
    if (frame.type === 'event') for (const listener of listeners) listener(frame.name, frame.payload);
    else if (frame.id !== null) pending.get(frame.id)?.(frame.result);
  });
  let nextId = 1;
  const send = (text: string, id: number | null): Promise<Reply | null> => {
    if (id === null) {
      socket.send(text);
      return Promise.resolve(null);
    }
    return new Promise<Reply | null>((resolve) => {
      pending.set(id, resolve);
      void closed.then(() => resolve(null));
      socket.send(text);
    });
  };
  return {
    async request(route, input) {
      const id = nextId++;
      const reply = await send(JSON.stringify({ type: 'request', id, route, input }), id);
      if (reply === null) throw new Error(`connection closed during ${route}`);
      return reply;
    },
    raw: (frame, id) => send(frame, id),
    onEvent: (listener) => void listeners.push(listener),
    close: () => socket.close(),
    closed,
  };
}

/** A failure is "typed" when it carries one of the contract's error codes and a message. */
export function isTypedFailure(reply: Reply): boolean {
  return !reply.ok && ERROR_CODES.has(reply.error.code) && typeof reply.error.message === 'string';
}

/** The value of a successful reply; a failed one throws, naming `what` was asked. */
export function value<T>(reply: Reply, what: string): T {
  if (!reply.ok) throw new Error(`${what} failed: ${reply.error.code} ${reply.error.message}`);
  return reply.value as T;
}

/** Creates agent `id` on the host's first installed model; returns its id. */
export async function createAgentOnFirstModel(client: HostClient, id: string, systemPrompt: string): Promise<string> {
  const models = value<{ id: string }[]>(await client.request('models.list', {}), 'models.list');
  const definition = {
    id,
    name: id,
    avatar: { symbol: id.slice(0, 1).toUpperCase(), colour: '#224466' },
    systemPrompt,
    model: { preferred: models[0]!.id },
  };
  value(await client.request('agents.create', { definition }), 'agents.create');
  return id;
}
