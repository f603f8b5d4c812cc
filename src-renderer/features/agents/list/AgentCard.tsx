import { useEffect, useState } from 'react';
import type { AgentReadiness, PortableFormat, StoredAgent } from '@contract';
import { getBridge } from '../../../bridge';
import { Badge } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import { errorMessage } from '../../../lib/errors';
import { chatHref } from '../../../lib/hashRoute';
import { agentsStore } from '../../../stores/agentsStore';
import { useModelsStore } from '../../../stores/modelsStore';
import { builderStore, type BuilderTab } from '../builderStore';
import { AgentAvatar } from './AgentAvatar';
import { DeleteAgentButton } from './DeleteAgentButton';
import { downloadFile } from './download';

export interface AgentCardProps {
  agent: StoredAgent;
  onNotice(text: string): void;
  onError(text: string): void;
}

/** One saved agent: what it is, what it runs on, and everything you can do with it. */
export function AgentCard({ agent, onNotice, onError }: AgentCardProps) {
  const { definition } = agent;
  const readiness = useReadiness(agent);
  const toolCount = Object.values(definition.tools).filter((p) => p !== 'deny').length;
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      onError(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  const chat = () =>
    run(async () => {
      const conversation = await getBridge().request('conversations.create', { agentId: definition.id });
      window.location.hash = chatHref(conversation.id);
    });
  const duplicate = () =>
    run(async () => {
      const copy = await agentsStore.getState().duplicate(definition.id);
      onNotice(`Duplicated as “${copy.definition.name}” (${copy.definition.id})`);
    });
  const exportAs = (format: PortableFormat) =>
    run(async () => downloadFile(await agentsStore.getState().exportAgent(definition.id, format)));
  const open = (tab: BuilderTab) => builderStore.getState().openEdit(agent, tab);

  return (
    <li
      data-testid="agent-card"
      data-agent-id={definition.id}
      className="flex flex-col rounded-xl border border-zinc-200 bg-white p-4 shadow-xs dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex items-start gap-3">
        <AgentAvatar symbol={definition.avatar.symbol} colour={definition.avatar.colour} name={definition.name} />
        <div className="min-w-0 flex-1">
          <h3 className="truncate text-sm font-semibold text-zinc-900 dark:text-zinc-100" data-testid="agent-card-name">
            {definition.name}
          </h3>
          <p className="line-clamp-2 text-xs text-zinc-500 dark:text-zinc-400">
            {definition.description || 'No description'}
          </p>
        </div>
      </div>
      <div className="mt-3 flex flex-wrap gap-1.5" data-testid="agent-card-facts">
        <Badge tone={definition.kind === 'team' ? 'accent' : 'neutral'}>
          {definition.kind === 'team' ? `team of ${definition.team?.members.length ?? 0}` : 'single'}
        </Badge>
        <Badge>{definition.model.preferred}</Badge>
        <Badge>
          {toolCount} {toolCount === 1 ? 'tool' : 'tools'}
        </Badge>
        <Badge>v{agent.version}</Badge>
        {readiness?.problem && (
          <span title={readiness.message ?? undefined}>
            <Badge tone="danger">{readiness.problem === 'model_missing' ? 'model missing' : 'member missing'}</Badge>
          </span>
        )}
        {readiness?.usingFallback && <Badge tone="warning">using fallback model</Badge>}
      </div>
      {readiness?.message && readiness.problem && (
        <p className="mt-2 text-xs text-red-600 dark:text-red-400" data-testid="agent-card-readiness">
          {readiness.message}
        </p>
      )}
      <div className="mt-auto flex flex-wrap items-center gap-1 pt-3">
        <Button variant="primary" data-testid="agent-chat" disabled={busy} onClick={() => void chat()}>
          Chat
        </Button>
        <Button data-testid="agent-edit" onClick={() => open('settings')}>
          Edit
        </Button>
        <details className="relative" data-testid="agent-more">
          <summary className="cursor-pointer list-none rounded-md px-2.5 py-1.5 text-sm text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800">
            More ▾
          </summary>
          <div className="absolute left-0 z-20 mt-1 flex w-44 flex-col rounded-lg border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
            <MenuItem testId="agent-duplicate" onClick={() => void duplicate()} label="Duplicate" />
            <MenuItem testId="agent-export-json" onClick={() => void exportAs('json')} label="Export JSON" />
            <MenuItem testId="agent-export-yaml" onClick={() => void exportAs('yaml')} label="Export YAML" />
            <MenuItem testId="agent-history" onClick={() => open('history')} label="Version history" />
            <MenuItem testId="agent-audit" onClick={() => open('audit')} label="Tool audit" />
          </div>
        </details>
        <span className="flex-1" />
        <DeleteAgentButton agent={agent} onDeleted={onNotice} onError={onError} />
      </div>
    </li>
  );
}

function MenuItem({ label, testId, onClick }: { label: string; testId: string; onClick(): void }) {
  return (
    <button
      type="button"
      data-testid={testId}
      className="rounded px-2 py-1.5 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
      onClick={(e) => {
        e.currentTarget.closest('details')?.removeAttribute('open');
        onClick();
      }}
    >
      {label}
    </button>
  );
}

/** Whether the agent can run now; asked again when the agent or the installed models change. */
function useReadiness(agent: StoredAgent): AgentReadiness | null {
  const [readiness, setReadiness] = useState<AgentReadiness | null>(null);
  const models = useModelsStore((s) => s.models);
  const id = agent.definition.id;
  useEffect(() => {
    let live = true;
    getBridge()
      .request('agents.readiness', { id })
      .then((r) => live && setReadiness(r))
      .catch(() => live && setReadiness(null)); // readiness is a hint; the chat reports the real failure
    return () => {
      live = false;
    };
  }, [id, agent.version, models]);
  return readiness;
}
