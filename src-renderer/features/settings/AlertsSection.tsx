import { Card } from '../../components/Card';
import { Field } from '../../components/Field';
import { useSettingsStore } from '../../stores/settingsStore';
import { NumberSetting } from './NumberSetting';

/** Thresholds for the dashboard's resource alerts (banners with a one-click fix). */
export function AlertsSection() {
  const settings = useSettingsStore((s) => s.settings);
  const loaded = useSettingsStore((s) => s.loaded);
  const update = useSettingsStore((s) => s.update);

  return (
    <Card
      title="Resource alerts"
      description="When to show a banner that suggests unloading a model or lowering its context."
      data-testid="settings-alerts"
    >
      <div className="divide-y divide-zinc-100 dark:divide-zinc-800">
        <Field
          label="RAM in use"
          htmlFor="setting-alertRamPercent"
          description="Share of system memory in use, all apps together (1–99%)."
        >
          <NumberSetting
            id="setting-alertRamPercent"
            value={settings.alertRamPercent}
            min={1}
            max={99}
            unit="%"
            disabled={!loaded}
            describedBy="setting-alertRamPercent-description"
            onCommit={(value) => void update({ alertRamPercent: value })}
          />
        </Field>
        <Field
          label="VRAM in use"
          htmlFor="setting-alertVramPercent"
          description="Only where the inference backend reports VRAM (10–99%)."
        >
          <NumberSetting
            id="setting-alertVramPercent"
            value={settings.alertVramPercent}
            min={10}
            max={99}
            unit="%"
            disabled={!loaded}
            describedBy="setting-alertVramPercent-description"
            onCommit={(value) => void update({ alertVramPercent: value })}
          />
        </Field>
        <Field
          label="Slow first token"
          htmlFor="setting-alertResponseSeconds"
          description="Median wait for the first token of the latest model’s recent replies (1–600 s)."
        >
          <NumberSetting
            id="setting-alertResponseSeconds"
            value={settings.alertResponseSeconds}
            min={1}
            max={600}
            unit="s"
            disabled={!loaded}
            describedBy="setting-alertResponseSeconds-description"
            onCommit={(value) => void update({ alertResponseSeconds: value })}
          />
        </Field>
      </div>
    </Card>
  );
}
