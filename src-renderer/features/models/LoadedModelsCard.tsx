import type { ReactNode } from 'react';
import type { LoadedModel } from '@contract';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { formatAgo, formatBytes, formatCount } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { useModelsStore } from '../../stores/modelsStore';

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-[0.6875rem] font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 truncate text-sm text-zinc-800 tabular-nums dark:text-zinc-200">{children}</dd>
    </div>
  );
}

function LoadedRow({ entry, now }: { entry: LoadedModel; now: number }) {
  const name = useModelsStore((s) => s.models.find((m) => m.id === entry.modelId)?.fileName ?? entry.modelId);
  const unloading = useModelsStore((s) => s.busy[entry.modelId] === 'unload');
  const unloadModel = useModelsStore((s) => s.unloadModel);
  const generating = entry.busySequences > 0;
  return (
    <li data-testid="loaded-row" data-model-id={entry.modelId} className="py-3 first:pt-0 last:pb-0">
      <div className="flex items-center gap-2">
        <p className="min-w-0 flex-1 truncate text-sm font-semibold text-zinc-900 dark:text-zinc-100">{name}</p>
        {generating && <Badge tone="accent">Generating</Badge>}
        {entry.keepAlive && (
          <span title="The active agent uses it, so it is never unloaded for being idle or evicted">
            <Badge tone="success">Kept warm</Badge>
          </span>
        )}
        <Button
          data-testid="loaded-unload"
          disabled={unloading || generating}
          title={generating ? 'Generating right now' : undefined}
          onClick={() => void unloadModel(entry.modelId)}
        >
          {unloading ? 'Unloading…' : 'Unload'}
        </Button>
      </div>
      <dl className="mt-2 grid grid-cols-3 gap-x-4 gap-y-2 sm:grid-cols-4 lg:grid-cols-7">
        <Stat label="RAM">{formatBytes(entry.ramBytes)}</Stat>
        <Stat label="VRAM">{entry.vramBytes > 0 ? formatBytes(entry.vramBytes) : '—'}</Stat>
        <Stat label="Context">{formatCount(entry.contextSize)}</Stat>
        <Stat label="GPU layers">{entry.gpuLayers > 0 ? entry.gpuLayers : 'CPU only'}</Stat>
        <Stat label="Sequences">
          {entry.busySequences} / {entry.parallelSequences} busy
        </Stat>
        <Stat label="Loaded">
          <span title={new Date(entry.loadedAt).toLocaleString()}>{formatAgo(entry.loadedAt, now)}</span>
        </Stat>
        <Stat label="Last used">
          <span title={new Date(entry.lastUsedAt).toLocaleString()}>{formatAgo(entry.lastUsedAt, now)}</span>
        </Stat>
      </dl>
    </li>
  );
}

export function LoadedModelsCard() {
  const loaded = useModelsStore((s) => s.loaded);
  // Re-render every few seconds for the "last used" times, only while something is loaded.
  const now = useNow(5_000, loaded.length > 0);
  return (
    <Card
      title="Loaded now"
      description={loaded.length === 0 ? 'Nothing is in memory.' : 'In memory, ready to answer.'}
      data-testid="models-loaded"
    >
      {loaded.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          Load a model from the list above. Models also load on first use and unload after being idle (see Settings).
        </p>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {loaded.map((entry) => (
            <LoadedRow key={entry.modelId} entry={entry} now={Math.max(now, entry.lastUsedAt)} />
          ))}
        </ul>
      )}
    </Card>
  );
}
