import { useEffect } from 'react';
import { Screen } from '../../components/Screen';
import { systemStore } from '../../stores/systemStore';
import { SystemCard } from './SystemCard';

export function DashboardScreen() {
  // A fresh snapshot each time the screen opens: free memory changes while the app runs.
  useEffect(() => {
    void systemStore.getState().refresh();
  }, []);

  return (
    <Screen id="dashboard" title="Dashboard" description="What this machine can run, read from the system just now.">
      <div className="space-y-5">
        <SystemCard />
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          Live CPU, RAM and VRAM graphs and per-model speed arrive in a later version, together with model loading.
        </p>
      </div>
    </Screen>
  );
}
