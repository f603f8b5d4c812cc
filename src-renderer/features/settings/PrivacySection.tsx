import type { ChangeEvent } from 'react';
import { Card } from '../../components/Card';
import { Field } from '../../components/Field';
import { useSettingsStore } from '../../stores/settingsStore';

export function PrivacySection() {
  const offlineMode = useSettingsStore((s) => s.settings.offlineMode);
  const loaded = useSettingsStore((s) => s.loaded);
  const update = useSettingsStore((s) => s.update);
  const onOfflineMode = (e: ChangeEvent<HTMLInputElement>) => void update({ offlineMode: e.target.checked });

  return (
    <Card
      title="Privacy"
      description="Outpost sends no telemetry. It goes online only for downloads and Hugging Face searches you start."
    >
      <div className="divide-y divide-zinc-100 dark:divide-zinc-800">
        <Field
          label="Offline mode"
          htmlFor="setting-offlineMode"
          description="Blocks every connection that would leave this computer, including model downloads and search."
        >
          <input
            id="setting-offlineMode"
            data-testid="setting-offlineMode"
            aria-describedby="setting-offlineMode-description"
            type="checkbox"
            className="size-4 cursor-pointer accent-emerald-600 disabled:cursor-not-allowed dark:accent-emerald-500"
            checked={offlineMode}
            disabled={!loaded}
            onChange={onOfflineMode}
          />
        </Field>
      </div>
    </Card>
  );
}
