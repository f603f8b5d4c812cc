import { Badge } from '../../components/Badge';
import { Card } from '../../components/Card';
import { Select } from '../../components/Field';
import { ProgressBar } from '../../components/ProgressBar';
import { memoryStore, useMemoryStore } from './memoryStore';
import { PROVIDER_LABELS, providerLabel } from './memoryText';

const OFF = '__off__';

/** Which embedding model and ONNX execution provider recall uses, and how far re-embedding has got. */
export function EmbeddingCard() {
  const status = useMemoryStore((s) => s.status);
  if (!status) return null;
  const { reembed, provider } = status;
  return (
    <Card
      title="Semantic recall"
      description="Facts are found by keywords and by meaning (embeddings), fused into one ranking."
      actions={
        <Badge tone={status.mode === 'hybrid' ? 'success' : 'warning'}>
          <span data-testid="memory-mode">{status.mode === 'hybrid' ? 'Keyword + meaning' : 'Keyword only'}</span>
        </Badge>
      }
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <label className="grid gap-1 text-sm text-zinc-700 dark:text-zinc-300">
          Embedding model
          <Select
            data-testid="memory-model"
            value={status.model?.id ?? OFF}
            onChange={(e) =>
              void memoryStore
                .getState()
                .setModel(e.target.value === OFF ? null : e.target.value)
                .catch(() => {})
            }
          >
            <option value={OFF}>Off (keyword search only)</option>
            {status.models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} · {m.runtime}
              </option>
            ))}
          </Select>
        </label>
        <label className="grid gap-1 text-sm text-zinc-700 dark:text-zinc-300">
          ONNX execution provider
          <Select
            data-testid="memory-provider"
            value={provider.preference}
            onChange={(e) =>
              void memoryStore
                .getState()
                .setProvider(e.target.value as typeof provider.preference)
                .catch(() => {})
            }
          >
            {Object.entries(PROVIDER_LABELS).map(([id, label]) => (
              <option key={id} value={id} disabled={id !== 'auto' && id !== 'cpu' && !provider.available.includes(id)}>
                {label}
              </option>
            ))}
          </Select>
        </label>
      </div>
      <dl className="mt-4 grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4" data-testid="memory-embedding-facts">
        <dt className="text-zinc-500">In use</dt>
        <dd data-testid="memory-provider-active">{provider.active ? providerLabel(provider.active) : '—'}</dd>
        <dt className="text-zinc-500">Dimensions</dt>
        <dd>{status.dimensions ?? '—'}</dd>
        <dt className="text-zinc-500">Facts embedded</dt>
        <dd data-testid="memory-embedded">
          {status.embedded} / {status.facts}
        </dd>
        <dt className="text-zinc-500">Damaged vectors</dt>
        <dd>{status.corruptVectors}</dd>
      </dl>
      {reembed.running && reembed.total > 0 && (
        <ProgressBar
          className="mt-3"
          value={reembed.done / reembed.total}
          label={`Re-embedding ${reembed.done} of ${reembed.total} facts`}
          data-testid="memory-reembed-progress"
        />
      )}
      {status.reason && status.mode === 'keyword' && (
        <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">Keyword only: {status.reason}.</p>
      )}
      {provider.fallbackReason && (
        <p className="mt-2 text-xs text-amber-700 dark:text-amber-300">{provider.fallbackReason}</p>
      )}
      {status.lastError && <p className="mt-2 text-xs text-red-600 dark:text-red-400">{status.lastError}</p>}
    </Card>
  );
}
