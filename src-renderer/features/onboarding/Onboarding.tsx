/**
 * The first-run guide: this machine → the chat model that fits (download, or a .gguf / model pack for
 * air-gapped machines) → a starter agent on it → the first chat. Skippable; never shown again once done.
 */
import { useEffect, useState } from 'react';
import { Button } from '../../components/Button';
import { ProgressBar } from '../../components/ProgressBar';
import { TextInput } from '../../components/TextInput';
import { getBridge } from '../../bridge';
import { errorMessage } from '../../lib/errors';
import { formatBytes, formatGiB } from '../../lib/format';
import { chatHref } from '../../lib/hashRoute';
import { agentsStore } from '../../stores/agentsStore';
import { catalogStore, useCatalogStore } from '../../stores/catalogStore';
import { downloadsStore, useDownloadsStore } from '../../stores/downloadsStore';
import { modelsStore } from '../../stores/modelsStore';
import { settingsStore } from '../../stores/settingsStore';
import { systemStore, useSystemStore } from '../../stores/systemStore';
import { downloadTimeText, recommendedChatModel, starterAgent } from './onboardingFlow';
import { onboardingStore } from './onboardingStore';

type Step = 'machine' | 'model' | 'agent';

async function finish(): Promise<void> {
  await settingsStore.getState().update({ onboardingDone: true });
  onboardingStore.getState().setForced(false);
}

function MachineStep({ onNext }: { onNext: () => void }) {
  const snapshot = useSystemStore((s) => s.snapshot);
  const gpu = snapshot?.backends.find((b) => b.available && b.backend !== 'cpu');
  return (
    <section data-testid="onboarding-machine" className="space-y-3">
      <h2 className="text-lg font-semibold">This machine</h2>
      {snapshot ? (
        <ul className="space-y-1 text-sm text-zinc-700 dark:text-zinc-300">
          <li>
            {snapshot.cpu.model} · {snapshot.cpu.cores} cores ({snapshot.cpu.arch})
          </li>
          <li>
            RAM {formatGiB(snapshot.memory.totalBytes)} ({formatGiB(snapshot.memory.freeBytes)} free)
          </li>
          <li>{gpu ? `GPU backend: ${gpu.backend}` : 'No GPU backend: models run on the CPU'}</li>
        </ul>
      ) : (
        <p className="text-sm text-zinc-500">Looking at this machine…</p>
      )}
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Outpost runs models on this computer only. Next: a chat model that fits it.
      </p>
      <Button variant="primary" data-testid="onboarding-next" onClick={onNext}>
        Next
      </Button>
    </section>
  );
}

function ModelStep({ onInstalled }: { onInstalled: (modelRef: string) => void }) {
  const view = useCatalogStore((s) => s.view);
  const loadError = useCatalogStore((s) => s.loadError);
  const pack = useCatalogStore((s) => s.pack);
  const recommendation = recommendedChatModel(view);
  const downloads = useDownloadsStore((s) => s.byId);
  const startError = useDownloadsStore((s) => (recommendation ? s.startErrors[recommendation.entry.id] : undefined));
  const [path, setPath] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const download = recommendation
    ? Object.values(downloads)
        .filter((d) => d.modelId === recommendation.entry.id && d.variantId === recommendation.variant.id)
        .sort((a, b) => b.updatedAt - a.updatedAt)[0]
    : undefined;

  useEffect(() => {
    if (download?.state === 'done' && download.installedModelId) onInstalled(download.installedModelId);
  }, [download?.state, download?.installedModelId, onInstalled]);
  useEffect(() => {
    const added = pack?.status === 'done' ? pack.added[0] : undefined;
    if (added) onInstalled(added.id);
  }, [pack, onInstalled]);

  const registerFile = async () => {
    setLocalError(null);
    const model = await modelsStore.getState().register(path.trim(), 'copy');
    if (model) onInstalled(model.id);
    else setLocalError(modelsStore.getState().importing?.error?.message ?? 'That file could not be added.');
  };
  const importPack = async () => {
    setLocalError(null);
    if (!(await catalogStore.getState().importPack(path.trim())))
      setLocalError(catalogStore.getState().pack?.error?.message ?? 'That pack could not be imported.');
  };
  const progress = download?.totalBytes ? download.receivedBytes / download.totalBytes : 0;
  const busy = download !== undefined && !['failed', 'cancelled', 'done'].includes(download.state);

  return (
    <section data-testid="onboarding-model" className="space-y-4">
      <h2 className="text-lg font-semibold">A chat model for this machine</h2>
      {recommendation ? (
        <div
          data-testid="onboarding-recommendation"
          data-model-id={recommendation.entry.id}
          className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
        >
          <p className="font-medium">
            {recommendation.entry.name} <span className="text-zinc-500">{recommendation.variant.quantization}</span>
          </p>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{recommendation.entry.description}</p>
          <p className="mt-2 text-sm" data-testid="onboarding-size">
            {formatBytes(recommendation.sizeBytes)} download · {downloadTimeText(recommendation.sizeBytes)}
            {recommendation.fit && ` · needs about ${formatGiB(recommendation.fit.ramBytes)} of memory`}
          </p>
          {download && busy && (
            <div className="mt-3 space-y-1" data-testid="onboarding-download">
              <ProgressBar value={progress} label="Download progress" data-testid="onboarding-download-progress" />
              <p className="text-xs text-zinc-500">
                {download.state} · {formatBytes(download.receivedBytes)}
                {download.totalBytes ? ` of ${formatBytes(download.totalBytes)}` : ''}
              </p>
            </div>
          )}
          {download?.state === 'failed' && (
            <p className="mt-2 text-sm text-red-600" data-testid="onboarding-download-error">
              {download.error?.message ?? 'The download failed.'}
            </p>
          )}
          {startError && <p className="mt-2 text-sm text-red-600">{startError.message}</p>}
          <Button
            className="mt-3"
            variant="primary"
            data-testid="onboarding-download-start"
            disabled={busy}
            onClick={() => void downloadsStore.getState().start(recommendation.entry.id, recommendation.variant.id)}
          >
            {busy ? 'Downloading…' : 'Download'}
          </Button>
        </div>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="onboarding-no-recommendation">
          {loadError
            ? `The catalog could not be read: ${loadError.message}`
            : view
              ? 'Nothing in the catalog fits this machine.'
              : 'Reading the catalog…'}
        </p>
      )}
      <div className="space-y-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <p className="text-sm font-medium">No internet here?</p>
        <TextInput
          aria-label="Path of a .gguf file or a model pack"
          data-testid="onboarding-path"
          placeholder="/path/to/model.gguf or /path/to/pack"
          value={path}
          onChange={(e) => setPath(e.target.value)}
        />
        <div className="flex gap-2">
          <Button data-testid="onboarding-have-gguf" disabled={!path.trim()} onClick={() => void registerFile()}>
            I already have a .gguf
          </Button>
          <Button data-testid="onboarding-import-pack" disabled={!path.trim()} onClick={() => void importPack()}>
            Import a model pack
          </Button>
        </div>
        {localError && <p className="text-sm text-red-600">{localError}</p>}
      </div>
    </section>
  );
}

function AgentStep({ modelRef }: { modelRef: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      await agentsStore.getState().refresh();
      const taken = agentsStore.getState().agents.map((a) => a.definition.id);
      const agent = await agentsStore.getState().save(starterAgent(modelRef, taken), 'create');
      const conversation = await getBridge().request('conversations.create', { agentId: agent.definition.id });
      await finish();
      window.location.hash = chatHref(conversation.id);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <section data-testid="onboarding-agent" className="space-y-3">
      <h2 className="text-lg font-semibold">Your first agent</h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        “Assistant” is a general helper on the model you just added ({modelRef}). You can change it, or build others, on
        the Agents screen.
      </p>
      {error && <p className="text-sm text-red-600">{error}</p>}
      <Button variant="primary" data-testid="onboarding-create-agent" disabled={busy} onClick={() => void create()}>
        Create it and start chatting
      </Button>
    </section>
  );
}

export function Onboarding() {
  const [step, setStep] = useState<Step>('machine');
  const [modelRef, setModelRef] = useState<string | null>(null);

  useEffect(() => {
    void systemStore.getState().refresh();
    void catalogStore.getState().refresh();
    void downloadsStore.getState().refresh();
  }, []);

  return (
    <div
      data-testid="onboarding"
      className="flex h-screen justify-center overflow-y-auto bg-zinc-50 text-zinc-900 dark:bg-zinc-950 dark:text-zinc-100"
    >
      <div className="w-full max-w-xl space-y-6 px-6 py-10">
        <header className="flex items-start justify-between gap-4">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">Welcome to Outpost</h1>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">Three steps to your first offline chat.</p>
          </div>
          <Button data-testid="onboarding-skip" onClick={() => void finish()}>
            Skip
          </Button>
        </header>
        {step === 'machine' && <MachineStep onNext={() => setStep('model')} />}
        {step === 'model' && (
          <ModelStep
            onInstalled={(ref) => {
              setModelRef(ref);
              setStep('agent');
            }}
          />
        )}
        {step === 'agent' && modelRef && <AgentStep modelRef={modelRef} />}
      </div>
    </div>
  );
}
