import { useCallback } from 'react';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ModelIcon } from '../../components/icons';
import { hrefFor } from '../../lib/hashRoute';
import { useAppStore } from '../../stores/appStore';
import { useModelsStore } from '../../stores/modelsStore';
import { ModelRow } from './ModelRow';
import { modelsFolder, removalSummary } from './modelText';

export function InstalledModelsCard() {
  const models = useModelsStore((s) => s.models);
  const listed = useModelsStore((s) => s.listed);
  const listError = useModelsStore((s) => s.listError);
  const scanError = useModelsStore((s) => s.scanError);
  const lastRemoval = useModelsStore((s) => s.lastRemoval);
  const refresh = useModelsStore((s) => s.refresh);
  const dismissRemoval = useModelsStore((s) => s.dismissRemoval);
  const nameOf = useCallback((id: string) => models.find((m) => m.id === id)?.fileName ?? id, [models]);

  return (
    <Card
      title="Installed models"
      description={
        listed ? `${models.length} ${models.length === 1 ? 'model' : 'models'} on this computer` : 'Reading…'
      }
      data-testid="models-installed"
    >
      {listError && (
        <Banner level="error" title="Could not read the installed models" className="mb-4">
          <p>{listError.message}</p>
          <Button className="mt-2" onClick={() => void refresh()}>
            Try again
          </Button>
        </Banner>
      )}
      {scanError && (
        <Banner
          level="error"
          title="Could not rescan the models folder"
          className="mb-4"
          data-testid="models-scan-error"
        >
          {scanError.message}
        </Banner>
      )}
      {lastRemoval && (
        <Banner
          level="info"
          title={removalSummary(lastRemoval)}
          className="mb-4"
          data-testid="models-removed"
          onDismiss={dismissRemoval}
        />
      )}
      {listed && models.length === 0 ? (
        <NoModels />
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {models.map((model) => (
            <ModelRow key={model.id} model={model} nameOf={nameOf} />
          ))}
        </ul>
      )}
      {models.length > 0 && (
        <p className="mt-4 border-t border-zinc-100 pt-3 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          Which agents use each model will show here once agents can be created.
        </p>
      )}
    </Card>
  );
}

function NoModels() {
  const dataDir = useAppStore((s) => s.info?.dataDir);
  return (
    <div className="flex flex-col items-center px-6 py-8 text-center" data-testid="models-empty">
      <div className="mb-3 flex size-11 items-center justify-center rounded-2xl bg-zinc-100 text-zinc-500 ring-1 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-400 dark:ring-zinc-700">
        <ModelIcon size={20} />
      </div>
      <h3 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">No models yet</h3>
      <p className="mt-1.5 max-w-lg text-sm leading-relaxed text-zinc-600 dark:text-zinc-400">
        Outpost runs GGUF model files (llama.cpp format). Drop <code className="font-mono text-[0.8125rem]">.gguf</code>{' '}
        files into the models folder and press <strong className="font-medium">Rescan folder</strong>, or add a file by
        its path above, or download one from the{' '}
        <a
          href={hrefFor('catalog')}
          className="font-medium text-emerald-700 underline underline-offset-2 dark:text-emerald-400"
        >
          Catalog
        </a>
        .
      </p>
      {dataDir && (
        <code
          data-testid="models-folder"
          className="mt-3 rounded-md bg-zinc-100 px-2 py-1 font-mono text-xs break-all text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
        >
          {modelsFolder(dataDir)}
        </code>
      )}
    </div>
  );
}
