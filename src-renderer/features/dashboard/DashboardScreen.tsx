import { useEffect } from 'react';
import { Screen } from '../../components/Screen';
import { systemStore } from '../../stores/systemStore';
import { AlertBanners } from './AlertBanners';
import { ChartsCard } from './ChartsCard';
import { HealthTable } from './HealthTable';
import { ModelMemoryTable } from './ModelMemoryTable';
import { NodesCard } from './NodesCard';
import { ProcessTable } from './ProcessTable';
import { PromptCacheCard } from './PromptCacheCard';
import { StatTiles } from './StatTiles';
import { SystemCard } from './SystemCard';
import { useResourceWatch } from './useResourceWatch';

export function DashboardScreen() {
  // A fresh snapshot each time the screen opens: free memory changes while the app runs.
  useEffect(() => {
    void systemStore.getState().refresh();
  }, []);
  useResourceWatch();

  return (
    <Screen
      id="dashboard"
      title="Dashboard"
      description="Live memory, CPU and VRAM, what each model costs, and how your agents are doing."
    >
      <div className="space-y-5">
        <AlertBanners />
        <StatTiles />
        <ChartsCard />
        <ModelMemoryTable />
        <PromptCacheCard />
        <NodesCard />
        <HealthTable />
        <ProcessTable />
        <SystemCard />
      </div>
    </Screen>
  );
}
