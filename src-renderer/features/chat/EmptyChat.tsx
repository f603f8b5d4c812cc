import type { StoredAgent } from '@contract';
import { AgentIcon } from '../../components/icons';
import { hrefFor } from '../../lib/hashRoute';
import { AgentAvatar } from './AgentAvatar';

/** An empty conversation: who you are talking to and the agent's starter prompts as one-click chips. */
export function EmptyChat({ agent, onPick }: { agent: StoredAgent; onPick(text: string): void }) {
  const def = agent.definition;
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-4 overflow-y-auto px-6 py-8 text-center">
      <AgentAvatar agent={agent} />
      <div>
        <p className="text-lg font-semibold">{def.name}</p>
        {def.description && <p className="mt-1 max-w-md text-sm text-zinc-500 dark:text-zinc-400">{def.description}</p>}
      </div>
      {def.starterPrompts.length > 0 && (
        <ul aria-label="Starter prompts" className="flex max-w-2xl flex-wrap justify-center gap-2">
          {def.starterPrompts.map((prompt) => (
            <li key={prompt}>
              <button
                type="button"
                data-testid="starter-prompt"
                onClick={() => onPick(prompt)}
                className="rounded-full border border-zinc-300 bg-white px-3 py-1.5 text-sm text-zinc-700 hover:border-emerald-500 hover:text-emerald-800 focus-visible:outline-2 focus-visible:outline-emerald-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:text-emerald-200"
              >
                {prompt}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function NoAgents() {
  return (
    <div
      data-testid="screen-chat"
      className="mx-auto flex w-full max-w-xl flex-col items-center px-8 py-16 text-center"
    >
      <AgentIcon size={28} className="text-zinc-400" />
      <h1 className="mt-3 text-xl font-semibold tracking-tight">No agents yet</h1>
      <p className="mt-1.5 text-sm text-zinc-600 dark:text-zinc-400">
        Chats are with an agent: a model plus instructions and tools. Create one in the agent builder to start.
      </p>
      <a className="mt-4 text-sm font-medium text-emerald-700 underline dark:text-emerald-400" href={hrefFor('agents')}>
        Open the agent builder
      </a>
    </div>
  );
}
