/** Agent definitions, conversations (with recovery of interrupted replies), tools and which model an agent runs on. */
import { installTemplates } from '../agents/templates';
import { AgentStore } from '../agents/agentStore';
import { ModelResolver } from '../chat/modelResolver';
import { ConversationStore } from '../conversations/conversationStore';
import type { Logger } from '../ports';
import { DiskReserve } from '../storage/diskReserve';
import { ToolAuditLog } from '../tools/auditLog';
import { createBuiltinRegistry, createToolStores } from '../tools/builtin';
import type { CoreBase } from './coreBase';
import type { ModelsPart } from './models';
import type { NodesPart } from './nodes';

export interface AgentsPart {
  agents: AgentStore;
  conversations: ConversationStore;
  toolStores: ReturnType<typeof createToolStores>;
  toolRegistry: ReturnType<typeof createBuiltinRegistry>;
  audit: ToolAuditLog;
  /** Preferred → fallback model, catalog ids → an installed variant; shared by chat, jobs and the API's agent runs. */
  agentModels: ModelResolver;
}

/** Replies left 'streaming' by the last run are closed; a failure (a full disk past the reserve) must not stop start-up. */
function recoverInterruptedReplies(conversations: ConversationStore, logger: Logger): void {
  try {
    const interrupted = conversations.recoverInterrupted();
    if (interrupted > 0) logger.warn('replies interrupted by the last shutdown marked incomplete', { interrupted });
  } catch (error) {
    logger.error('could not close replies interrupted by the last shutdown', { error: String(error) });
  }
}

export function composeAgents(base: CoreBase, models: ModelsPart, nodes: NodesPart): AgentsPart {
  const { db, dbFile, clock, logger } = base;
  const agents = new AgentStore(db, dbFile, clock);
  installTemplates(agents);
  const reserve = new DiskReserve(base.ports.paths.dataDir, logger);
  const conversations = new ConversationStore({ db, dbFile, clock, reserve });
  recoverInterruptedReplies(conversations, logger);
  base.timings.mark('nodes + agents + conversations');
  reserve.ensure(); // after recovery: on a full disk the old reserve may just have been spent on it
  const toolStores = createToolStores(db, base.now);
  return {
    agents,
    conversations,
    toolStores,
    toolRegistry: createBuiltinRegistry(toolStores),
    audit: new ToolAuditLog(db),
    agentModels: new ModelResolver({
      installedModelFor: (ref) => (nodes.nodes.knows(ref) ? { id: ref } : models.catalog.installedModelFor(ref)),
    }),
  };
}
