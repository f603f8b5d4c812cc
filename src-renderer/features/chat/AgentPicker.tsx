import type { StoredAgent } from '@contract';
import { cx } from '../../components/cx';
import { AgentAvatar } from './AgentAvatar';

/** The agents to chat with, each with its avatar; picking one lists its conversations. */
export function AgentPicker({
  agents,
  selectedId,
  onSelect,
}: {
  agents: readonly StoredAgent[];
  selectedId: string | null;
  onSelect(agentId: string): void;
}) {
  return (
    <div
      role="radiogroup"
      aria-label="Agent"
      data-testid="agent-picker"
      className="flex max-h-56 flex-col gap-0.5 overflow-y-auto"
    >
      {agents.map(({ definition: agent }) => {
        const selected = agent.id === selectedId;
        return (
          <button
            key={agent.id}
            type="button"
            role="radio"
            aria-checked={selected}
            data-testid={`agent-option-${agent.id}`}
            title={agent.description || agent.name}
            onClick={() => onSelect(agent.id)}
            className={cx(
              'flex items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm',
              'focus-visible:outline-2 focus-visible:outline-emerald-500',
              selected
                ? 'bg-emerald-50 font-medium text-emerald-900 dark:bg-emerald-950/60 dark:text-emerald-100'
                : 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800',
            )}
          >
            <AgentAvatar agent={agents.find((a) => a.definition.id === agent.id)} size="sm" />
            <span className="min-w-0 flex-1 truncate">{agent.name}</span>
            {agent.kind === 'team' && <span className="text-[0.65rem] text-zinc-500 uppercase">team</span>}
          </button>
        );
      })}
    </div>
  );
}
