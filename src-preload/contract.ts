/**
 * THE contract between renderer and main. Main, preload, renderer and the headless client all derive
 * their types from this file; it imports only zod and the schema files beside it.
 */
import { z } from 'zod';
import {
  AgentDefinition,
  AgentIdInput,
  AgentReadiness,
  AgentVersion,
  AuditRecord,
  ExportedFile,
  FolderGrant,
  ImportAgentsInput,
  ImportedAgent,
  PortableFormat,
  StoredAgent,
  ToolInfo,
} from './contract/agents';
import { ApiEnableResult, ApiRequestEntry, ApiStatus } from './contract/api';
import { FormValues } from './contract/toolExtras';
import {
  McpGetPromptInput,
  McpPrompt,
  McpPromptMessages,
  McpReadResourceInput,
  McpResource,
  McpResourceContents,
  McpServerIdInput,
  McpServerInfo,
  McpServerInput,
  McpServerUpdate,
} from './contract/mcp';
import { AppInfo, AppNotice, Empty } from './contract/app';
import {
  CatalogView,
  Download,
  DownloadIdInput,
  HfSearchResult,
  StartDownloadInput,
  TokenStatus,
} from './contract/catalog';
import {
  ActiveTurn,
  ApprovalRequestEvent,
  ChatDelta,
  ChatEvent,
  Conversation,
  ConversationIdInput,
  EditAndRerunInput,
  Message,
  PreviewInput,
  SearchHit,
  SendInput,
  TurnStarted,
} from './contract/conversations';
import { SubscribeInput, Subscriptions } from './contract/events';
import {
  GenerateRequest,
  GenerateResult,
  PromptCacheStats,
  TokenEvent,
  WarmResult,
  WorkerStatus,
} from './contract/inference';
import { jobEvents, jobRoutes } from './contract/jobs';
import { knowledgeEvents, knowledgeRoutes } from './contract/knowledgeRoutes';
import {
  ExecutionProviderChoice,
  MemoryAddInput,
  MemoryChanged,
  MemoryExport,
  MemoryFact,
  MemoryImportInput,
  MemoryListInput,
  MemoryPage,
  MemoryRecallInput,
  MemoryStatus,
  MemoryUpdateInput,
  RecallResult,
} from './contract/memory';
import {
  AbsolutePath,
  ImportProgress,
  InstalledModel,
  LoadedModel,
  LoadOptions,
  LoadProgress,
  MemoryEstimate,
  DraftCandidate,
  ModelIdInput,
  RegisterModelInput,
} from './contract/models';
import {
  AlertAction,
  HealthInput,
  HealthReport,
  HistoryInput,
  HistoryResult,
  RendererReport,
  ResourceSample,
} from './contract/monitoring';
import { nodeEvents, nodeRoutes } from './contract/nodeRoutes';
import { Settings, SettingsPatch } from './contract/settings';
import { SystemSnapshot } from './contract/system';
import { updateEvents, updateRoutes } from './contract/updates';

export * from './contract/agents';
export * from './contract/api';
export * from './contract/toolExtras';
export * from './contract/mcp';
export * from './contract/app';
export * from './contract/conversations';
export * from './contract/catalog';
export * from './contract/envelope';
export * from './contract/events';
export * from './contract/inference';
export * from './contract/jobs';
export * from './contract/knowledge';
export * from './contract/memory';
export * from './contract/models';
export * from './contract/monitoring';
export * from './contract/nodes';
export * from './contract/settings';
export * from './contract/system';
export * from './contract/updates';

type RouteDef = { input: z.ZodType; output: z.ZodType };

export const routes = {
  'app.info': { input: Empty, output: AppInfo },
  'system.snapshot': { input: Empty, output: SystemSnapshot },
  'system.pickFile': {
    input: z.object({ kind: z.enum(['model', 'pack', 'folder', 'document']) }).strict(),
    output: z.object({ supported: z.boolean(), path: z.string().nullable() }),
  },
  /** Topics this client receives events of (see src-preload/topics.ts); transports send nothing else. */
  'events.subscribe': { input: SubscribeInput, output: Subscriptions },
  'events.unsubscribe': { input: SubscribeInput, output: Subscriptions },
  'settings.get': { input: Empty, output: Settings },
  'settings.set': { input: SettingsPatch, output: Settings },

  'models.list': { input: Empty, output: z.array(InstalledModel) },
  'models.scan': { input: Empty, output: z.array(InstalledModel) },
  'models.register': { input: RegisterModelInput, output: InstalledModel },
  'models.remove': { input: ModelIdInput, output: z.object({ freedBytes: z.number().nonnegative() }) },
  'models.setLoadOptions': { input: ModelIdInput.extend({ options: LoadOptions }), output: InstalledModel },
  'models.estimate': { input: ModelIdInput.extend({ options: LoadOptions.optional() }), output: MemoryEstimate },
  /** Installed models that could draft for this one: the catalog's pair first, tokenizers checked by header. */
  'models.draftCandidates': { input: ModelIdInput, output: z.array(DraftCandidate) },
  'models.load': { input: ModelIdInput.extend({ options: LoadOptions.optional() }), output: LoadedModel },
  'models.unload': { input: ModelIdInput, output: z.array(LoadedModel) },
  'models.loaded': { input: Empty, output: z.array(LoadedModel) },
  'models.setActive': { input: z.object({ id: z.string().nullable() }).strict(), output: z.array(LoadedModel) },

  'models.importPack': {
    input: z.object({ path: AbsolutePath }).strict(),
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
  /** The worker's persistent prompt cache: hits, misses, damaged files, bytes on disk (null: no worker running). */
  'inference.promptCache': { input: Empty, output: PromptCacheStats.nullable() },
  /** Removes every saved prompt state (the budget stays); null when no engine runs (nothing to clear then). */
  'inference.promptCacheClear': { input: Empty, output: PromptCacheStats.nullable() },
  'inference.generate': { input: GenerateRequest, output: GenerateResult },
  'inference.cancel': {
    input: z.object({ requestId: z.string().min(1).max(100) }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  'agents.list': { input: Empty, output: z.array(StoredAgent) },
  'agents.get': { input: AgentIdInput, output: StoredAgent },
  'agents.create': { input: z.object({ definition: AgentDefinition }).strict(), output: StoredAgent },
  'agents.update': { input: z.object({ definition: AgentDefinition }).strict(), output: StoredAgent },
  'agents.duplicate': { input: AgentIdInput, output: StoredAgent },
  'agents.delete': { input: AgentIdInput, output: z.object({ deletedConversations: z.number() }) },
  'agents.history': { input: AgentIdInput, output: z.array(AgentVersion) },
  'agents.restore': {
    input: AgentIdInput.extend({ version: z.number().int().positive() }),
    output: StoredAgent,
  },
  'agents.export': { input: AgentIdInput.extend({ format: PortableFormat }), output: ExportedFile },
  'agents.import': { input: ImportAgentsInput, output: z.array(ImportedAgent) },
  'agents.readiness': { input: AgentIdInput, output: AgentReadiness },

  'tools.list': { input: Empty, output: z.array(ToolInfo) },
  'tools.audit': {
    input: z
      .object({
        agentId: z.string().max(64).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        before: z.number().int().optional(),
      })
      .strict(),
    output: z.array(AuditRecord),
  },
  'tools.grants': { input: Empty, output: z.array(FolderGrant) },
  'tools.grantFolder': {
    input: z.object({ path: z.string().min(1).max(4096), agentId: z.string().max(64).nullable() }).strict(),
    output: FolderGrant,
  },
  'tools.revokeFolder': {
    input: z.object({ id: z.number().int() }).strict(),
    output: z.object({ revoked: z.boolean() }),
  },

  'conversations.list': {
    input: z.object({ agentId: z.string().max(64).optional() }).strict(),
    output: z.array(Conversation),
  },
  'conversations.create': {
    input: z.object({ agentId: z.string().min(1).max(64), title: z.string().max(200).optional() }).strict(),
    output: Conversation,
  },
  'conversations.messages': { input: ConversationIdInput, output: z.array(Message) },
  'conversations.rename': {
    input: ConversationIdInput.extend({ title: z.string().trim().min(1).max(200) }),
    output: Conversation,
  },
  'conversations.delete': { input: ConversationIdInput, output: z.object({ deleted: z.boolean() }) },
  'conversations.search': {
    input: z
      .object({
        query: z.string().trim().min(1).max(200),
        agentId: z.string().max(64).optional(),
        limit: z.number().int().min(1).max(100).default(30),
      })
      .strict(),
    output: z.array(SearchHit),
  },
  'conversations.export': {
    input: ConversationIdInput.extend({ format: z.enum(['markdown', 'json']) }),
    output: ExportedFile,
  },

  'chat.send': { input: SendInput, output: TurnStarted },
  'chat.regenerate': { input: ConversationIdInput, output: TurnStarted },
  /** The conversation was opened: warm its prompt prefix in the background (never loads a model). */
  'chat.warm': { input: ConversationIdInput, output: WarmResult },
  /** "Ask a bigger model": answers the last user message again on the agent's escalation model. */
  'chat.escalate': { input: ConversationIdInput, output: TurnStarted },
  'chat.editAndRerun': { input: EditAndRerunInput, output: TurnStarted },
  'chat.stop': {
    input: z.object({ conversationId: z.string().min(1).max(100) }).strict(),
    output: z.object({ stopped: z.boolean() }),
  },
  'chat.preview': { input: PreviewInput, output: z.object({ turnId: z.string() }) },
  'chat.respond': {
    input: z
      .object({
        callId: z.string().min(1).max(100),
        decision: z.enum(['approve', 'deny', 'cancel']),
        /** A form card's values (MCP elicitation), sent with 'approve'. */
        values: FormValues.optional(),
      })
      .strict(),
    output: z.object({ accepted: z.boolean() }),
  },
  'chat.active': { input: Empty, output: z.array(ActiveTurn) },
  'chat.approvals': { input: Empty, output: z.array(ApprovalRequestEvent) },

  'monitoring.current': { input: Empty, output: ResourceSample },
  'monitoring.setWatching': {
    input: z.object({ watching: z.boolean() }).strict(),
    output: z.object({ intervalMs: z.number().int().positive() }),
  },
  'monitoring.history': { input: HistoryInput, output: HistoryResult },
  'monitoring.health': { input: HealthInput, output: HealthReport },
  'monitoring.reportRenderer': { input: RendererReport, output: z.object({ accepted: z.boolean() }) },
  'monitoring.runAction': { input: z.object({ action: AlertAction }).strict(), output: ResourceSample },

  'api.status': { input: Empty, output: ApiStatus },
  'api.setEnabled': { input: z.object({ enabled: z.boolean() }).strict(), output: ApiEnableResult },
  'api.rotateKey': { input: Empty, output: z.object({ status: ApiStatus, key: z.string() }) },
  'api.requests': {
    input: z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.array(ApiRequestEntry),
  },

  'mcp.list': { input: Empty, output: z.array(McpServerInfo) },
  'mcp.add': { input: McpServerInput, output: McpServerInfo },
  'mcp.update': { input: McpServerUpdate, output: McpServerInfo },
  'mcp.remove': { input: McpServerIdInput, output: z.object({ removed: z.boolean() }) },
  'mcp.restart': { input: McpServerIdInput, output: McpServerInfo },
  'mcp.resources': { input: McpServerIdInput, output: z.array(McpResource) },
  'mcp.readResource': { input: McpReadResourceInput, output: z.array(McpResourceContents) },
  'mcp.prompts': { input: McpServerIdInput, output: z.array(McpPrompt) },
  'mcp.getPrompt': { input: McpGetPromptInput, output: McpPromptMessages },

  'memory.status': { input: Empty, output: MemoryStatus },
  'memory.list': { input: MemoryListInput, output: MemoryPage },
  'memory.add': { input: MemoryAddInput, output: MemoryFact },
  'memory.update': { input: MemoryUpdateInput, output: MemoryFact },
  'memory.delete': {
    input: z.object({ id: z.number().int().positive() }).strict(),
    output: z.object({ deleted: z.boolean() }),
  },
  'memory.forgetAgent': {
    input: z.object({ agentId: z.string().min(1).max(200) }).strict(),
    output: z.object({ deleted: z.number().int().nonnegative() }),
  },
  'memory.recall': { input: MemoryRecallInput, output: RecallResult },
  'memory.export': {
    input: z.object({ agentId: z.string().min(1).max(200).nullable() }).strict(),
    output: MemoryExport,
  },
  'memory.import': {
    input: MemoryImportInput,
    output: z.object({ imported: z.number().int(), merged: z.number().int() }),
  },
  'memory.setModel': { input: z.object({ id: z.string().min(1).max(500).nullable() }).strict(), output: MemoryStatus },
  'memory.setProvider': { input: z.object({ provider: ExecutionProviderChoice }).strict(), output: MemoryStatus },
  ...nodeRoutes,
  ...knowledgeRoutes,
  ...jobRoutes,
  ...updateRoutes,
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
  'agents.changed': z.array(StoredAgent),
  /** `conversation`: the row as stored now (null once deleted), so lists update without a refetch. */
  'conversations.changed': z.object({
    agentId: z.string(),
    conversationId: z.string(),
    deleted: z.boolean(),
    conversation: Conversation.nullable(),
  }),
  'chat.event': ChatEvent,
  'chat.delta': ChatDelta,
  'chat.approval': ApprovalRequestEvent,
  'chat.activeChanged': z.array(ActiveTurn),
  'monitoring.sample': ResourceSample,
  'api.request': ApiRequestEntry,
  'mcp.changed': z.array(McpServerInfo),
  'memory.status': MemoryStatus,
  'memory.changed': MemoryChanged,
  ...nodeEvents,
  ...knowledgeEvents,
  ...jobEvents,
  ...updateEvents,
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
