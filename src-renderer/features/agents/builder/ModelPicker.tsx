import { useMemo } from 'react';
import { Badge } from '../../../components/Badge';
import { Select } from '../../../components/Field';
import { formatBytes } from '../../../lib/format';
import { useCatalogStore } from '../../../stores/catalogStore';
import { useModelsStore } from '../../../stores/modelsStore';
import { FormField } from './FormField';
import { useRemoteChoices } from './useRemoteChoices';
import { choiceText, modelChoices, type ModelChoice } from './modelOptions';

export interface ModelPickerProps {
  path: string;
  label: string;
  value: string;
  onChange(id: string): void;
  /** Offer "none" (for the optional fallback). */
  optional?: boolean;
  help?: string;
  testId: string;
}

/** Installed models with size and fit, then catalog models marked "not downloaded". */
export function ModelPicker({ path, label, value, onChange, optional = false, help, testId }: ModelPickerProps) {
  const installed = useModelsStore((s) => s.models);
  const estimates = useModelsStore((s) => s.estimates);
  const catalog = useCatalogStore((s) => s.view);
  const remote = useRemoteChoices();
  const choices = useMemo(
    () => modelChoices(installed, estimates, catalog, [value], remote),
    [installed, estimates, catalog, value, remote],
  );
  const selected = choices.find((choice) => choice.id === value) ?? null;
  const groups: [ModelChoice['group'], string][] = [
    ['installed', 'Installed'],
    ['catalog', 'Catalog'],
    ['remote', 'Other machines (Settings → Nodes)'],
    ['unknown', 'Unknown'],
  ];

  return (
    <FormField path={path} label={label} help={help}>
      {(f) => (
        <>
          <Select
            id={f.id}
            data-testid={testId}
            className="w-full"
            value={value}
            aria-invalid={f.invalid || undefined}
            aria-describedby={f.describedBy}
            onBlur={f.onBlur}
            onChange={(e) => onChange(e.target.value)}
          >
            <option value="">{optional ? 'None' : 'Choose a model…'}</option>
            {groups.map(([group, title]) => {
              const inGroup = choices.filter((choice) => choice.group === group);
              if (inGroup.length === 0) return null;
              return (
                <optgroup key={group} label={title}>
                  {inGroup.map((choice) => (
                    <option key={choice.id} value={choice.id}>
                      {choiceText(choice, formatBytes)}
                    </option>
                  ))}
                </optgroup>
              );
            })}
          </Select>
          {selected && <ChoiceBadges choice={selected} testId={`${testId}-badges`} />}
        </>
      )}
    </FormField>
  );
}

function ChoiceBadges({ choice, testId }: { choice: ModelChoice; testId: string }) {
  return (
    <div className="mt-1.5 flex flex-wrap items-center gap-1.5" data-testid={testId}>
      {choice.sizeBytes !== null && <Badge>{formatBytes(choice.sizeBytes)}</Badge>}
      {choice.group === 'installed' && <Badge tone="success">Installed</Badge>}
      {choice.group === 'remote' && <Badge tone="accent">Remote</Badge>}
      {choice.group === 'catalog' &&
        (choice.downloaded ? <Badge tone="success">Downloaded</Badge> : <Badge tone="warning">Not downloaded</Badge>)}
      {choice.fit && <Badge tone={choice.fit.tone}>{choice.fit.label}</Badge>}
      {choice.problem && <Badge tone="danger">{choice.problem}</Badge>}
    </div>
  );
}
