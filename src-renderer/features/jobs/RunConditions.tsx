import { useEffect, useState } from 'react';
import type { JobMachineState } from '@contract';
import { Card } from '../../components/Card';
import { Field } from '../../components/Field';
import { Checkbox } from '../../components/TextInput';
import { getBridge } from '../../bridge';
import { useSettingsStore } from '../../stores/settingsStore';
import { NumberSetting } from '../settings/NumberSetting';

const batteryNow = (state: JobMachineState | null) =>
  state === null || state.onBattery === null
    ? ''
    : state.onBattery
      ? ' This computer is on battery now.'
      : ' This computer is on mains power now.';

/** The queue's optional machine rules (all jobs): not on battery, only when the computer has been idle. */
export function RunConditions() {
  const settings = useSettingsStore((s) => s.settings);
  const loaded = useSettingsStore((s) => s.loaded);
  const update = useSettingsStore((s) => s.update);
  const [machine, setMachine] = useState<JobMachineState | null>(null);

  useEffect(() => {
    let live = true;
    getBridge()
      .request('jobs.machine', {})
      .then((state) => live && setMachine(state))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const idleUnavailable = machine?.idleUnavailable ?? null;
  return (
    <Card
      title="Run conditions"
      description="When background runs may start, for every job. Waiting runs say why in the history."
      data-testid="jobs-conditions"
      className="mb-6"
    >
      <div className="divide-y divide-zinc-100 dark:divide-zinc-800">
        <Field
          label="Not on battery"
          htmlFor="setting-jobsNotOnBattery"
          description={`Runs wait until the computer is plugged in.${batteryNow(machine)}`}
        >
          <Checkbox
            id="setting-jobsNotOnBattery"
            data-testid="jobs-not-on-battery"
            checked={settings.jobsNotOnBattery}
            disabled={!loaded}
            onChange={(e) => void update({ jobsNotOnBattery: e.currentTarget.checked })}
          />
        </Field>
        <Field
          label="Only when idle"
          htmlFor="setting-jobsIdleMinutes"
          description={
            idleUnavailable ??
            'Runs wait until nobody has used the keyboard or mouse for this many minutes (0 = any time).'
          }
        >
          <NumberSetting
            id="setting-jobsIdleMinutes"
            value={settings.jobsIdleMinutes}
            min={0}
            max={240}
            unit="min"
            disabled={!loaded || idleUnavailable !== null}
            describedBy="setting-jobsIdleMinutes-description"
            onCommit={(value) => void update({ jobsIdleMinutes: value })}
          />
        </Field>
      </div>
      {machine?.notificationsUnavailable && (
        <p data-testid="jobs-notifications-unavailable" className="mt-3 text-xs text-zinc-500">
          {machine.notificationsUnavailable}
        </p>
      )}
    </Card>
  );
}
