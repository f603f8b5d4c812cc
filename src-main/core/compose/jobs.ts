/** Background agents (core/jobs): the same runtime as chat, behind a queue that yields to the user. */
import { createJobs } from '../jobs/createJobs';
import { machineStatePort } from '../jobs/machineStatePort';
import type { JobService } from '../jobs/jobService';
import { ToolExecutor } from '../tools/toolExecutor';
import type { AgentsPart } from './agents';
import type { ChatPart } from './chat';
import type { CoreBase } from './coreBase';
import type { ModelsPart } from './models';

export function composeJobs(
  base: CoreBase,
  parts: { models: ModelsPart; agents: AgentsPart; chat: ChatPart },
): JobService {
  const { logger, now } = base;
  const { toolRegistry, audit } = parts.agents;
  return createJobs({
    db: base.db,
    dbFile: base.dbFile,
    agents: parts.agents.agents,
    models: parts.agents.agentModels,
    conversations: parts.agents.conversations,
    runtime: parts.chat.runtime,
    executorFor: (requestApproval, approvalTimeoutMs) =>
      new ToolExecutor({ registry: toolRegistry, audit, logger, now, requestApproval, approvalTimeoutMs }),
    chat: parts.chat.chat,
    lifecycle: parts.models.lifecycle,
    settings: base.settings,
    machine: machineStatePort(base.ports.userIdle),
    notifications: base.ports.notifications,
    grants: parts.agents.toolStores.grants,
    stores: parts.agents.toolStores,
    events: base.events,
    logger,
    clock: base.clock,
  });
}
