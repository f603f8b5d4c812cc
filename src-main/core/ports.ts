/** Everything core needs from its host. Electron and the headless host each provide their own. */
import type { EventName, EventPayload, Settings } from '@contract';
import type { StartupTimings } from './lib/startupTimings';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Something that takes outward events: core's EventHub (topics to subscribed clients), or a test recorder. */
export interface EventSink {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
}

export interface CorePaths {
  /** Per-user data: database, models, logs. */
  dataDir: string;
  /** Read-only app resources (catalog.json, icons). */
  resourcesDir: string;
}

export interface HostInfo {
  shell: 'electron' | 'headless';
  appVersion: string;
  electronVersion: string | null;
  chromeVersion: string | null;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A child process with a typed-free message channel; workers validate what they receive.
 * No method throws once the child is gone: a dead or dying child drops messages and reports its exit once.
 */
export interface SpawnedProcess {
  readonly pid: number | undefined;
  /** False when the message could not be handed to the child (it is gone or going). */
  postMessage(message: unknown): boolean;
  onMessage(listener: (message: unknown) => void): () => void;
  /** Fires once, with the exit code (null when killed by a signal); also when the child could not start. */
  onExit(listener: (code: number | null, signal: string | null) => void): () => void;
  kill(): void;
}

export interface SpawnOptions {
  /** Shown in process lists and logs. */
  name: string;
  args?: string[];
  env?: Record<string, string>;
  /** Node flags for the child, e.g. ['--import', 'tsx'] to run a TypeScript entry in tests. */
  execArgv?: string[];
}

/** Electron uses utilityProcess, plain Node uses child_process.fork — same surface. */
export interface ProcessSpawner {
  spawn(modulePath: string, options: SpawnOptions): SpawnedProcess;
}

/** A worker's entry module: the built .js in the app, the TS source (with execArgv) in tests. */
export interface WorkerEntry {
  modulePath: string;
  execArgv?: string[];
}

/** Native dialogs where the shell has them (Electron); the headless UI asks for a typed path instead. */
export interface DialogPort {
  openFile(options: { title: string; extensions: string[]; directory?: boolean }): Promise<string | null>;
}

/** One process the shell knows about (Electron's app.getAppMetrics()); null where it reported nothing. */
export interface HostProcessMetric {
  pid: number;
  kind: 'main' | 'renderer' | 'gpu' | 'utility' | 'other';
  label: string;
  rssBytes: number | null;
  cpuPercent: number | null;
}

/** The shell's self-updater (Electron: electron-updater); the headless host has none. */
export interface UpdaterPort {
  /** An installed build; a development checkout updates with git. */
  packaged: boolean;
  /** The newer version on the release feed, or null when this one is current. Called only once core's policy allowed it. */
  check(context: { isOffline: () => boolean }): Promise<string | null>;
  /** Downloads the version `check` found (the updater verifies its sha512), reporting progress; `signal` cancels it. */
  download(onProgress: (progress: UpdateDownloadProgress) => void, signal: AbortSignal): Promise<void>;
  /** Quits the app and installs the downloaded version. */
  restartToUpdate(): void;
}

export interface UpdateDownloadProgress {
  percent: number;
  transferredBytes: number;
  totalBytes: number;
}

export interface CorePorts {
  /** The host's start-up timing log; createCore marks its steps on it. */
  startup?: StartupTimings;
  dialogs?: DialogPort;
  paths: CorePaths;
  /** embeddings: the ONNX / llama.cpp embeddings worker; without it memory recall is keyword-only. */
  /** knowledgeParser runs on a worker thread: `register` names a module to register first (tsx, in tests). */
  workers: { inference: WorkerEntry; embeddings?: WorkerEntry; knowledgeParser?: WorkerEntry & { register?: string } };
  /** Electron: open a local file with the system's app (a citation's "open file"). */
  openPath?: (file: string) => Promise<void>;
  /** The one outbound HTTP function (downloads, Hugging Face search); defaults to global fetch. */
  fetch?: typeof fetch;
  /** Hosts set this so the process-wide fetch is guarded too (loopback only) while the core lives. */
  guardGlobalFetch?: boolean;
  /** Catalog to show instead of resources/catalog.json (tests point it at a local server). */
  catalogFile?: string;
  /** Total system RAM; injectable so tests can model small machines. */
  totalRamBytes?: () => number;
  logger: Logger;
  /** Sees every outward event regardless of subscriptions (tests, benches); transports use `core.connect`. */
  events?: EventSink;
  spawner: ProcessSpawner;
  host: HostInfo;
  clock?: Clock;
  /** The better-sqlite3 addon to load (Electron in development passes its own-ABI build); the package's by default. */
  sqlite?: { nativeBinding?: string };
  /** "Check for updates"; absent in headless, where `updates.*` answers that this build does not update itself. */
  updater?: UpdaterPort;
  /** Defaults for settings the user never saved, in place of the built-in ones (the test ports turn periodic node
   * health checks off here, so only tests about them run them). */
  settingDefaults?: Partial<Settings>;
  /** The shell's own process table (renderer, GPU process); absent in headless, where the renderer is a browser tab. */
  processMetrics?: () => HostProcessMetric[];
  /** Seconds since the last keyboard/mouse input and power-source changes (Electron's powerMonitor); absent in headless. */
  userIdle?: UserIdlePort;
  /** Desktop notifications (Electron's Notification); absent in headless, where only the Inbox badge shows. */
  notifications?: NotificationPort;
}

export interface NotificationPort {
  /** null where notifications are shown; else why they are not (they are then never shown). */
  unavailable: string | null;
  show(notification: { title: string; body: string; onClick: () => void }): void;
}

export interface UserIdlePort {
  seconds(): number;
  onPowerChange(listener: () => void): void;
}
