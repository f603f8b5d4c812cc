import { useState } from 'react';
import type { AgentReadiness, StoredAgent } from '@contract';
import { Banner } from '../../components/Banner';
import { getBridge } from '../../bridge';
import { errorMessage } from '../../lib/errors';
import { hrefFor } from '../../lib/hashRoute';
import { useModelsStore } from '../../stores/modelsStore';
import { AgentAvatar } from './AgentAvatar';

/** The agent in this chat, the model it answers with (switchable), and what blocks it if anything. */
export function ChatHeader({
  agent,
  title,
  readiness,
}: {
  agent: StoredAgent;
  title: string;
  readiness: AgentReadiness | null;
}) {
  const def = agent.definition;
  return (
    <div className="border-b border-zinc-200 px-6 py-3 dark:border-zinc-800">
      <div className="mx-auto flex max-w-3xl items-center gap-3">
        <AgentAvatar agent={agent} />
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-base font-semibold" data-testid="chat-title">
            {title}
          </h1>
          <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">
            {def.name}
            {def.description ? ` — ${def.description}` : ''}
          </p>
        </div>
        {def.kind === 'single' ? (
          <ModelSwitcher agent={agent} readiness={readiness} />
        ) : (
          <span className="text-xs text-zinc-500">
            Team of {def.team?.members.length ?? 0} · router picks who answers
          </span>
        )}
      </div>
      {readiness?.problem && (
        <Banner
          level="warning"
          className="mx-auto mt-3 max-w-3xl"
          data-testid="readiness-banner"
          title={readiness.message ?? 'This agent can’t answer yet.'}
        >
          {readiness.problem === 'model_missing' ? (
            <span className="flex flex-wrap gap-x-4">
              <a className="font-medium underline" href={hrefFor('catalog')}>
                Download a model from the Catalog
              </a>
              <a className="font-medium underline" href={hrefFor('agents')}>
                Choose another model in the agent builder
              </a>
            </span>
          ) : (
            <a className="font-medium underline" href={hrefFor('agents')}>
              Fix the team in the agent builder
            </a>
          )}
        </Banner>
      )}
      {readiness?.usingFallback && !readiness.problem && (
        <p className="mx-auto mt-2 max-w-3xl text-xs text-amber-700 dark:text-amber-300" data-testid="fallback-note">
          The preferred model {def.model.preferred} is missing; answering with the fallback {readiness.modelId}.
        </p>
      )}
    </div>
  );
}

/** Changes the agent's preferred model (a new agent version, so it can be restored in the builder). */
function ModelSwitcher({ agent, readiness }: { agent: StoredAgent; readiness: AgentReadiness | null }) {
  const models = useModelsStore((s) => s.models);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const preferred = agent.definition.model.preferred;
  const usable = models.filter((m) => !m.problem);
  const known = usable.some((m) => m.id === preferred);

  const change = async (modelId: string) => {
    setSaving(true);
    setError(null);
    try {
      const definition = { ...agent.definition, model: { ...agent.definition.model, preferred: modelId } };
      await getBridge().request('agents.update', { definition });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="flex shrink-0 flex-col items-end">
      <label className="flex items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400">
        Model
        <select
          data-testid="model-switcher"
          value={preferred}
          disabled={saving}
          title={readiness?.modelId ?? preferred}
          onChange={(e) => void change(e.target.value)}
          className="max-w-48 rounded-md border border-zinc-300 bg-white px-1.5 py-1 text-xs text-zinc-800 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-100"
        >
          {!known && <option value={preferred}>{preferred} (not installed)</option>}
          {usable.map((m) => (
            <option key={m.id} value={m.id}>
              {m.metadata?.name ? `${m.metadata.name} (${m.fileName})` : m.fileName}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <span role="alert" className="mt-0.5 text-xs text-red-700 dark:text-red-300">
          {error}
        </span>
      )}
    </div>
  );
}
