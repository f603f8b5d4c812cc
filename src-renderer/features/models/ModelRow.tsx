import { useState } from 'react';
import type { InstalledModel } from '@contract';
import { Badge } from '../../components/Badge';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { cx } from '../../components/cx';
import { ProgressBar } from '../../components/ProgressBar';
import { formatBytes, formatCount } from '../../lib/format';
import { loadBlocker } from '../../stores/modelsState';
import { useModelsStore } from '../../stores/modelsStore';
import { EstimateSummary } from './EstimateSummary';
import { LoadOptionsPanel } from './LoadOptionsPanel';
import { failureTitle, modelFacts, phaseText, SOURCE_HINTS, SOURCE_LABELS } from './modelText';
import { RemoveModelButton } from './RemoveModelButton';

export function ModelRow({ model, nameOf }: { model: InstalledModel; nameOf: (id: string) => string }) {
  const [optionsOpen, setOptionsOpen] = useState(false);
  const loaded = useModelsStore((s) => s.loaded.find((m) => m.modelId === model.id));
  const progress = useModelsStore((s) => s.progress[model.id]);
  const busy = useModelsStore((s) => s.busy[model.id]);
  const failure = useModelsStore((s) => s.errors[model.id]);
  const estimate = useModelsStore((s) => s.estimates[model.id]);
  const worker = useModelsStore((s) => s.worker);
  const loadModel = useModelsStore((s) => s.loadModel);
  const unloadModel = useModelsStore((s) => s.unloadModel);
  const dismissError = useModelsStore((s) => s.dismissError);

  const loading = busy === 'load' || (progress !== undefined && !loaded);
  const blocker = loaded ? null : loadBlocker(model, estimate, worker);
  const facts = [...modelFacts(model), formatBytes(model.sizeBytes)];
  const optionsId = `model-options-${model.id}`;

  return (
    <li
      data-testid="model-row"
      data-model-id={model.id}
      data-loaded={loaded ? 'true' : 'false'}
      className="py-4 first:pt-0 last:pb-0"
    >
      <div className="flex flex-wrap items-start gap-x-4 gap-y-2">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="truncate text-sm font-semibold text-zinc-900 dark:text-zinc-100" title={model.path}>
              {model.fileName}
            </h3>
            <span title={SOURCE_HINTS[model.source]}>
              <Badge tone={model.source === 'linked' ? 'accent' : 'neutral'}>{SOURCE_LABELS[model.source]}</Badge>
            </span>
            {loaded && <Badge tone="success">Loaded</Badge>}
            {model.problem && (
              <span data-testid="model-problem">
                <Badge tone="danger">
                  {model.problem.startsWith('file is missing') ? 'File missing' : 'Invalid file'}
                </Badge>
              </span>
            )}
          </div>
          <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400" data-testid="model-facts">
            {facts.join(' · ')}
          </p>
          {model.problem && <p className="mt-1 text-xs text-red-600 dark:text-red-400">{model.problem}</p>}
          <div className="mt-2">
            {loaded ? (
              <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="model-estimate" data-state="loaded">
                In memory: {formatBytes(loaded.ramBytes)} RAM
                {loaded.vramBytes > 0 && ` + ${formatBytes(loaded.vramBytes)} VRAM`} · {formatCount(loaded.contextSize)}{' '}
                ctx · {loaded.gpuLayers > 0 ? `${loaded.gpuLayers} GPU layers` : 'CPU only'}
              </p>
            ) : (
              !model.problem && (
                <EstimateSummary
                  data-testid="model-estimate"
                  estimate={estimate?.estimate ?? null}
                  error={estimate?.error ?? null}
                  pending={estimate?.pending ?? true}
                  nameOf={nameOf}
                  hideSuggestion
                />
              )
            )}
          </div>
        </div>
        <div className="flex shrink-0 items-center gap-1.5">
          <Button
            variant="ghost"
            data-testid="model-options-toggle"
            aria-expanded={optionsOpen}
            aria-controls={optionsId}
            onClick={() => setOptionsOpen((open) => !open)}
          >
            Load options
            <span aria-hidden="true" className={cx('text-xs transition-transform', optionsOpen && 'rotate-180')}>
              ▾
            </span>
          </Button>
          {loaded ? (
            <Button
              data-testid="model-unload"
              disabled={busy === 'unload' || loaded.busySequences > 0}
              title={loaded.busySequences > 0 ? 'Generating right now' : undefined}
              onClick={() => void unloadModel(model.id)}
            >
              {busy === 'unload' ? 'Unloading…' : 'Unload'}
            </Button>
          ) : (
            <Button
              variant="primary"
              data-testid="model-load"
              disabled={loading || blocker !== null || busy !== undefined}
              title={blocker ?? undefined}
              aria-describedby={blocker ? `${optionsId}-blocker` : undefined}
              onClick={() => void loadModel(model.id)}
            >
              {loading ? 'Loading…' : 'Load'}
            </Button>
          )}
          <RemoveModelButton model={model} disabled={loading || busy !== undefined} />
        </div>
      </div>

      {loading && (
        <div className="mt-3 flex items-center gap-3">
          <ProgressBar
            data-testid="model-progress"
            label={`Loading ${model.fileName}`}
            value={progress?.progress ?? 0}
            className="flex-1"
          />
          <span className="w-36 shrink-0 text-right text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
            {phaseText(progress?.phase, progress?.progress ?? 0)}
          </span>
        </div>
      )}
      {blocker && !model.problem && (
        <p
          id={`${optionsId}-blocker`}
          role="note"
          data-testid="model-load-blocked"
          className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs leading-relaxed text-amber-900 dark:border-amber-900/80 dark:bg-amber-950/50 dark:text-amber-200"
        >
          {blocker}
        </p>
      )}
      {failure && (
        <Banner
          level="error"
          title={failureTitle(failure)}
          className="mt-3"
          data-testid="model-error"
          data-code={failure.error.code}
          onDismiss={() => dismissError(model.id)}
        >
          <p className="break-words">{failure.error.message}</p>
        </Banner>
      )}
      {optionsOpen && (
        <div id={optionsId}>
          <LoadOptionsPanel model={model} loaded={loaded !== undefined} nameOf={nameOf} />
        </div>
      )}
    </li>
  );
}
