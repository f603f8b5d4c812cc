import { useEffect } from 'react';
import { settingFields, type Settings, type SystemSnapshot } from '@contract';
import { Card } from '../../components/Card';
import { Field, Select } from '../../components/Field';
import { Checkbox } from '../../components/TextInput';
import { formatGiB } from '../../lib/format';
import { useSettingsStore } from '../../stores/settingsStore';
import { systemStore, useSystemStore } from '../../stores/systemStore';
import { BACKEND_LABELS } from '../dashboard/backendLabels';
import { NumberSetting } from './NumberSetting';
import { RerankerSetting } from './RerankerSetting';

const BACKEND_CHOICES: Settings['inferenceBackend'][] = ['auto', 'metal', 'cuda', 'vulkan', 'cpu'];

export interface BackendChoice {
  value: Settings['inferenceBackend'];
  label: string;
  /** Why it can't be chosen, from system.snapshot; null when it can. */
  unavailable: string | null;
}

/** Every backend, with the ones this machine can't run marked (unknown until the snapshot arrives). */
export function backendChoices(backends: SystemSnapshot['backends'] | undefined): BackendChoice[] {
  return BACKEND_CHOICES.map((value) => {
    if (value === 'auto') return { value, label: 'Auto (best available)', unavailable: null };
    const support = backends?.find((b) => b.backend === value);
    const unavailable = support && !support.available ? (support.reason ?? 'not available on this computer') : null;
    return { value, label: BACKEND_LABELS[value], unavailable };
  });
}

export function ModelsMemorySection() {
  const settings = useSettingsStore((s) => s.settings);
  const loaded = useSettingsStore((s) => s.loaded);
  const update = useSettingsStore((s) => s.update);
  const snapshot = useSystemStore((s) => s.snapshot);

  useEffect(() => {
    if (!systemStore.getState().snapshot) void systemStore.getState().refresh();
  }, []);

  const choices = backendChoices(snapshot?.backends);
  const unavailable = choices.filter((c) => c.unavailable);
  const totalRam = snapshot?.memory.totalBytes ?? null;
  const budget =
    totalRam === null
      ? 'of this computer’s RAM'
      : `${formatGiB((totalRam * settings.memoryBudgetPercent) / 100)} of ${formatGiB(totalRam)} RAM`;

  return (
    <Card
      title="Models & memory"
      description="How models are run and how much of this computer they may use."
      data-testid="settings-models"
    >
      <div className="divide-y divide-zinc-100 dark:divide-zinc-800">
        <Field
          label="Inference backend"
          htmlFor="setting-inferenceBackend"
          description={
            <>
              Changing it restarts the inference worker; loaded models are unloaded.
              {unavailable.map((c) => (
                <span key={c.value} className="block">
                  {c.label}: {c.unavailable}
                </span>
              ))}
            </>
          }
        >
          <Select
            id="setting-inferenceBackend"
            data-testid="setting-inferenceBackend"
            aria-describedby="setting-inferenceBackend-description"
            value={settings.inferenceBackend}
            disabled={!loaded}
            onChange={(e) => void update({ inferenceBackend: settingFields.inferenceBackend.parse(e.target.value) })}
          >
            {choices.map((c) => (
              <option key={c.value} value={c.value} disabled={c.unavailable !== null}>
                {c.unavailable ? `${c.label} (unavailable)` : c.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label="Memory budget"
          htmlFor="setting-memoryBudgetPercent"
          description={
            <span data-testid="memory-budget-bytes">
              {settings.memoryBudgetPercent}% = {budget}, shared by all loaded models (10–95%).
            </span>
          }
        >
          <NumberSetting
            id="setting-memoryBudgetPercent"
            value={settings.memoryBudgetPercent}
            min={10}
            max={95}
            unit="%"
            disabled={!loaded}
            describedBy="setting-memoryBudgetPercent-description"
            onCommit={(value) => void update({ memoryBudgetPercent: value })}
          />
        </Field>
        <Field
          label="Max loaded models"
          htmlFor="setting-maxLoadedModels"
          description="Loading one more unloads the least recently used."
        >
          <Select
            id="setting-maxLoadedModels"
            data-testid="setting-maxLoadedModels"
            aria-describedby="setting-maxLoadedModels-description"
            className="min-w-20"
            value={settings.maxLoadedModels}
            disabled={!loaded}
            onChange={(e) =>
              void update({ maxLoadedModels: settingFields.maxLoadedModels.parse(Number(e.target.value)) })
            }
          >
            {[1, 2, 3, 4, 5, 6, 7, 8].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label="Unload idle models after"
          htmlFor="setting-idleUnloadMinutes"
          description="Minutes without use; 0 keeps models loaded until you unload them."
        >
          <NumberSetting
            id="setting-idleUnloadMinutes"
            value={settings.idleUnloadMinutes}
            min={0}
            max={1440}
            unit="min"
            disabled={!loaded}
            describedBy="setting-idleUnloadMinutes-description"
            onCommit={(value) => void update({ idleUnloadMinutes: value })}
          />
        </Field>
        <Field
          label="Keep the active agent’s model warm"
          htmlFor="setting-keepActiveModelWarm"
          description="Never unloads the model of the agent in the open chat, even when idle or short of room."
        >
          <Checkbox
            id="setting-keepActiveModelWarm"
            data-testid="setting-keepActiveModelWarm"
            aria-describedby="setting-keepActiveModelWarm-description"
            checked={settings.keepActiveModelWarm}
            disabled={!loaded}
            onChange={(e) => void update({ keepActiveModelWarm: e.target.checked })}
          />
        </Field>
        <Field
          label="Prompt cache on disk"
          htmlFor="setting-promptCacheMegabytes"
          description="Saved prompt evaluations make returning to a conversation or agent fast, even after a restart. Oldest dropped first; 0 turns it off and deletes them."
        >
          <NumberSetting
            id="setting-promptCacheMegabytes"
            value={settings.promptCacheMegabytes}
            min={0}
            max={100_000}
            unit="MB"
            disabled={!loaded}
            describedBy="setting-promptCacheMegabytes-description"
            onCommit={(value) => void update({ promptCacheMegabytes: value })}
          />
        </Field>
        <Field
          label="Rerank knowledge search"
          htmlFor="setting-knowledgeRerank"
          description="Re-orders the best passages with a cross-encoder (a reranker from the Catalog, or an ONNX one in the data folder’s rerankers/). Better sources for agents, a little slower."
        >
          <Checkbox
            id="setting-knowledgeRerank"
            data-testid="setting-knowledgeRerank"
            aria-describedby="setting-knowledgeRerank-description"
            checked={settings.knowledgeRerank}
            disabled={!loaded}
            onChange={(e) => void update({ knowledgeRerank: e.target.checked })}
          />
        </Field>
        <RerankerSetting />
      </div>
    </Card>
  );
}
