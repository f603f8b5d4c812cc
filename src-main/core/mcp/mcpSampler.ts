/**
 * Outpost's answers to MCP servers' client requests: the calling agent's model writes sampled replies (after the
 * user approved them, see mcpClientRequests), and granted folders are the roots.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { GenerateRequest, GenerateResult } from '@contract';
import { OutpostError } from '@contract';
import type { AgentDefinition } from '../agents/agentSchema';
import type { ModelResolver } from '../chat/modelResolver';
import type { FolderGrant } from '../tools/grantedFolders';
import type { McpClientServices, SamplingRequest, SamplingResult } from './mcpClientRequests';

export interface McpServicesDeps {
  agents: { find(id: string): { definition: AgentDefinition } | null };
  models: Pick<ModelResolver, 'tryResolve'>;
  generate: (request: GenerateRequest, options: { signal: AbortSignal }) => Promise<GenerateResult>;
  grants: { forAgent(agentId: string): FolderGrant[]; listAll(): FolderGrant[] };
}

function stopReasonOf(result: GenerateResult): SamplingResult['stopReason'] {
  if (result.stopSequence) return 'stopSequence';
  return result.finishReason === 'length' ? 'maxTokens' : 'endTurn';
}

export function mcpClientServices(d: McpServicesDeps): McpClientServices {
  return {
    roots(agentId) {
      const grants = agentId ? d.grants.forAgent(agentId) : d.grants.listAll();
      const unique = [...new Set(grants.map((grant) => grant.path))];
      return unique.map((folder) => ({ path: folder, name: path.basename(folder) || folder }));
    },

    async sample(request: SamplingRequest, signal: AbortSignal): Promise<SamplingResult> {
      const agent = d.agents.find(request.agentId)?.definition;
      const resolved = agent ? d.models.tryResolve(agent) : null;
      if (!agent || !resolved) {
        throw new OutpostError('not_found', `The agent "${request.agentId}" has no installed model to sample with`);
      }
      const result = await d.generate(
        {
          requestId: `mcp-sampling-${randomUUID()}`,
          modelId: resolved.modelId,
          messages: [
            ...(request.systemPrompt ? [{ role: 'system' as const, content: request.systemPrompt }] : []),
            ...request.messages.map((m) => ({ role: m.role, content: m.text })),
          ],
          sampling: {
            maxTokens: request.maxTokens,
            ...(request.temperature === undefined
              ? {}
              : { temperature: Math.min(2, Math.max(0, request.temperature)) }),
          },
          stop: request.stopSequences?.filter((s) => s.length > 0).slice(0, 16) ?? [],
          responseFormat: { type: 'text' },
          functionCall: 'auto',
          origin: 'mcp-sampling',
        },
        { signal },
      );
      if (result.finishReason === 'aborted') throw new OutpostError('aborted', 'Sampling was cancelled');
      if (result.finishReason === 'error') throw new OutpostError('internal', 'The model stopped with an error');
      return { text: result.text, model: resolved.modelId, stopReason: stopReasonOf(result) };
    },
  };
}
