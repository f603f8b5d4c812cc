import type { ChangeEvent } from 'react';
import { settingFields, type Settings } from '@contract';
import { Card } from '../../components/Card';
import { Field, Select } from '../../components/Field';
import { useSettingsStore } from '../../stores/settingsStore';

const THEME_OPTIONS: { value: Settings['theme']; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

const FONT_SIZE_OPTIONS: { value: Settings['fontSize']; label: string }[] = [
  { value: 'small', label: 'Small' },
  { value: 'medium', label: 'Medium' },
  { value: 'large', label: 'Large' },
];

export function AppearanceSection() {
  const settings = useSettingsStore((s) => s.settings);
  const loaded = useSettingsStore((s) => s.loaded);
  const update = useSettingsStore((s) => s.update);

  // Values come from the DOM; parsing with the contract's own schemas keeps the patch honest.
  const onTheme = (e: ChangeEvent<HTMLSelectElement>) =>
    void update({ theme: settingFields.theme.parse(e.target.value) });
  const onFontSize = (e: ChangeEvent<HTMLSelectElement>) =>
    void update({ fontSize: settingFields.fontSize.parse(e.target.value) });
  const onReduceMotion = (e: ChangeEvent<HTMLInputElement>) => void update({ reduceMotion: e.target.checked });

  return (
    <Card title="Appearance" description="Applies to every Outpost window at once.">
      <div className="divide-y divide-zinc-100 dark:divide-zinc-800">
        <Field
          label="Theme"
          htmlFor="setting-theme"
          description="System follows your operating system's light or dark mode."
        >
          <Select
            id="setting-theme"
            data-testid="setting-theme"
            aria-describedby="setting-theme-description"
            value={settings.theme}
            disabled={!loaded}
            onChange={onTheme}
          >
            {THEME_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Font size" htmlFor="setting-fontSize" description="Scales all text and spacing.">
          <Select
            id="setting-fontSize"
            data-testid="setting-fontSize"
            aria-describedby="setting-fontSize-description"
            value={settings.fontSize}
            disabled={!loaded}
            onChange={onFontSize}
          >
            {FONT_SIZE_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Reduce motion" htmlFor="setting-reduceMotion" description="Turns off animations and transitions.">
          <input
            id="setting-reduceMotion"
            data-testid="setting-reduceMotion"
            aria-describedby="setting-reduceMotion-description"
            type="checkbox"
            className="size-4 cursor-pointer accent-emerald-600 disabled:cursor-not-allowed dark:accent-emerald-500"
            checked={settings.reduceMotion}
            disabled={!loaded}
            onChange={onReduceMotion}
          />
        </Field>
      </div>
    </Card>
  );
}
