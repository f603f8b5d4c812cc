/**
 * THE contract between renderer and main. Main, preload, renderer and the headless client all derive
 * their types from this file; it imports only zod and the schema files beside it.
 */
import { z } from 'zod';
import { AppInfo, AppNotice, Empty } from './contract/app';
import {
  CatalogView,
  Download,
  DownloadIdInput,
  HfSearchResult,
  StartDownloadInput,
  TokenStatus,
} from './contract/catalog';
import { GenerateRequest, GenerateResult, TokenEvent, WorkerStatus } from './contract/inference';
import {
  ImportProgress,
  InstalledModel,
  LoadedModel,
  LoadOptions,
  LoadProgress,
  MemoryEstimate,
  ModelIdInput,
  RegisterModelInput,
} from './contract/models';
import { Settings, SettingsPatch } from './contract/settings';
import { SystemSnapshot } from './contract/system';

export * from './contract/app';
export * from './contract/catalog';
export * from './contract/envelope';
export * from './contract/inference';
export * from './contract/models';
export * from './contract/settings';
export * from './contract/system';

type RouteDef = { input: z.ZodType; output: z.ZodType };

export const routes = {
  'app.info': { input: Empty, output: AppInfo },
  'system.snapshot': { input: Empty, output: SystemSnapshot },
  'system.pickFile': {
    input: z.object({ kind: z.enum(['model', 'pack']) }).strict(),
    output: z.object({ supported: z.boolean(), path: z.string().nullable() }),
  },
  'settings.get': { input: Empty, output: Settings },
  'settings.set': { input: SettingsPatch, output: Settings },

  'models.list': { input: Empty, output: z.array(InstalledModel) },
  'models.scan': { input: Empty, output: z.array(InstalledModel) },
  'models.register': { input: RegisterModelInput, output: InstalledModel },
  'models.remove': { input: ModelIdInput, output: z.object({ freedBytes: z.number().nonnegative() }) },
  'models.setLoadOptions': { input: ModelIdInput.extend({ options: LoadOptions }), output: InstalledModel },
  'models.estimate': { input: ModelIdInput.extend({ options: LoadOptions.optional() }), output: MemoryEstimate },
  'models.load': { input: ModelIdInput.extend({ options: LoadOptions.optional() }), output: LoadedModel },
  'models.unload': { input: ModelIdInput, output: z.array(LoadedModel) },
  'models.loaded': { input: Empty, output: z.array(LoadedModel) },
  'models.setActive': { input: z.object({ id: z.string().nullable() }).strict(), output: z.array(LoadedModel) },

  'models.importPack': {
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: z.array(InstalledModel),
  },

  'catalog.list': { input: Empty, output: CatalogView },
  'catalog.search': {
    input: z.object({ query: z.string().min(1).max(200) }).strict(),
    output: z.array(HfSearchResult),
  },
  'catalog.tokenStatus': { input: Empty, output: TokenStatus },
  'catalog.setToken': {
    input: z.object({ token: z.string().min(1).max(400).nullable() }).strict(),
    output: TokenStatus,
  },

  'downloads.list': { input: Empty, output: z.array(Download) },
  'downloads.start': { input: StartDownloadInput, output: z.array(Download) },
  'downloads.pause': { input: DownloadIdInput, output: Download },
  'downloads.resume': { input: DownloadIdInput, output: Download },
  'downloads.cancel': { input: DownloadIdInput, output: Download },

  'inference.status': { input: Empty, output: WorkerStatus },
  'inference.generate': { input: GenerateRequest, output: GenerateResult },
  'inference.cancel': {
    input: z.object({ requestId: z.string().min(1).max(100) }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
} as const satisfies Record<`${string}.${string}`, RouteDef>;

export const events = {
  'settings.changed': Settings,
  'app.notice': AppNotice,
  'models.changed': z.array(InstalledModel),
  'models.loadProgress': LoadProgress,
  'models.loadedChanged': z.array(LoadedModel),
  'models.importProgress': ImportProgress,
  'downloads.progress': Download,
  'inference.status': WorkerStatus,
  'inference.token': TokenEvent,
  'inference.done': GenerateResult,
} as const satisfies Record<`${string}.${string}`, z.ZodType>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
/** What a caller passes (before zod defaults/transforms). */
export type RouteInput<R extends RouteName> = z.input<Routes[R]['input']>;
/** What a caller receives. */
export type RouteOutput<R extends RouteName> = z.output<Routes[R]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export function isRouteName(name: unknown): name is RouteName {
  return typeof name === 'string' && Object.hasOwn(routes, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** Channel names used by the Electron transport (preload and main must agree). */
export { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from './channels';
