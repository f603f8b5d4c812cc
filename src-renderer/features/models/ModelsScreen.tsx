import { useEffect } from 'react';
import { Button } from '../../components/Button';
import { cx } from '../../components/cx';
import { RefreshIcon } from '../../components/icons';
import { Screen } from '../../components/Screen';
import { modelsStore, useModelsStore } from '../../stores/modelsStore';
import { AddModelCard } from './AddModelCard';
import { InstalledModelsCard } from './InstalledModelsCard';
import { LoadedModelsCard } from './LoadedModelsCard';
import { TestPromptCard } from './TestPromptCard';
import { WorkerStatusStrip } from './WorkerStatusStrip';

export function ModelsScreen() {
  const scanning = useModelsStore((s) => s.scanning);
  const scan = useModelsStore((s) => s.scan);
  // With nothing installed there is nothing to load or prompt: the empty state says what to do.
  const anything = useModelsStore((s) => s.models.length > 0 || s.loaded.length > 0);

  // Estimates cost a round trip to the worker each: only while this screen is open.
  useEffect(() => modelsStore.getState().watchEstimates(), []);

  return (
    <Screen
      id="models"
      title="Models"
      description="The model files on this computer, what they need, and what is loaded."
      actions={
        <Button data-testid="models-rescan" onClick={() => void scan()} disabled={scanning}>
          <RefreshIcon size={14} className={cx(scanning && 'animate-spin')} />
          {scanning ? 'Scanning…' : 'Rescan folder'}
        </Button>
      }
    >
      <div className="space-y-5">
        <WorkerStatusStrip />
        <AddModelCard />
        <InstalledModelsCard />
        {anything && <LoadedModelsCard />}
        {anything && <TestPromptCard />}
      </div>
    </Screen>
  );
}
