import { useEffect, useState, type FormEvent } from 'react';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { Select } from '../../components/Field';
import { ProgressBar } from '../../components/ProgressBar';
import { TextInput } from '../../components/TextInput';
import { formatBytes } from '../../lib/format';
import { filePickerStore, useFilePickerStore } from '../../stores/filePickerStore';
import type { RegisterMode } from '../../stores/modelsState';
import { useModelsStore } from '../../stores/modelsStore';
import { causeTitle } from './modelText';

/** Looks like an absolute path on any of our platforms: "/…", "C:\…", "\\server\…". */
const ABSOLUTE_PATH = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

function pathProblem(path: string): string | null {
  const trimmed = path.trim();
  if (trimmed === '') return 'Enter the full path of a .gguf file.';
  if (!ABSOLUTE_PATH.test(trimmed)) return 'Use an absolute path, e.g. /home/me/models/model.gguf';
  return null;
}

export function AddModelCard() {
  const [path, setPath] = useState('');
  const [mode, setMode] = useState<RegisterMode>('copy');
  const [touched, setTouched] = useState(false);
  const importing = useModelsStore((s) => s.importing);
  const register = useModelsStore((s) => s.register);
  const dismiss = useModelsStore((s) => s.dismissImport);
  const pickerSupported = useFilePickerStore((s) => s.supported);
  const picking = useFilePickerStore((s) => s.picking);
  const pick = useFilePickerStore((s) => s.pick);
  const running = importing?.status === 'running';
  const problem = pathProblem(path);

  useEffect(() => filePickerStore.getState().probe(), []);

  const browse = async () => {
    const picked = await pick('model');
    if (picked) {
      setPath(picked);
      setTouched(false);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (problem || running) return;
    const added = await register(path.trim(), mode);
    if (added) {
      setPath('');
      setTouched(false);
    }
  };

  return (
    <Card
      title="Add a model"
      description={
        pickerSupported
          ? 'A .gguf file already on this computer: browse for it or paste its path.'
          : 'A .gguf file already on this computer: paste its full path. New models can also be downloaded from the Catalog.'
      }
    >
      <form className="flex flex-wrap items-start gap-2" onSubmit={(e) => void submit(e)} noValidate>
        <div className="min-w-64 flex-1">
          <label htmlFor="models-add-path" className="sr-only">
            Path of a .gguf file
          </label>
          <TextInput
            id="models-add-path"
            data-testid="models-add-path"
            className="w-full font-mono text-[0.8125rem]"
            placeholder="/path/to/model.gguf"
            spellCheck={false}
            autoComplete="off"
            value={path}
            invalid={touched && problem !== null}
            aria-describedby="models-add-path-help"
            onChange={(e) => setPath(e.target.value)}
          />
          <p id="models-add-path-help" className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
            {touched && problem ? <span className="text-red-600 dark:text-red-400">{problem}</span> : modeHint(mode)}
          </p>
        </div>
        {pickerSupported && (
          <Button data-testid="models-add-browse" disabled={picking !== null || running} onClick={() => void browse()}>
            {picking === 'model' ? 'Choosing…' : 'Browse…'}
          </Button>
        )}
        <label htmlFor="models-add-mode" className="sr-only">
          Copy or link
        </label>
        <Select
          id="models-add-mode"
          data-testid="models-add-mode"
          className="min-w-0"
          value={mode}
          onChange={(e) => setMode(e.target.value === 'link' ? 'link' : 'copy')}
        >
          <option value="copy">Copy into Outpost</option>
          <option value="link">Link where it is</option>
        </Select>
        <Button type="submit" variant="primary" data-testid="models-add-submit" disabled={running}>
          {running ? 'Adding…' : 'Add model'}
        </Button>
      </form>
      {importing && <ImportStatus onDismiss={dismiss} />}
    </Card>
  );
}

function modeHint(mode: RegisterMode): string {
  return mode === 'copy'
    ? 'The file is checked, then copied into the models folder; the original stays untouched.'
    : 'The file is checked and used where it is; it must stay there for the model to load.';
}

function ImportStatus({ onDismiss }: { onDismiss: () => void }) {
  const importing = useModelsStore((s) => s.importing);
  if (!importing) return null;
  if (importing.status === 'running') {
    const copying = importing.mode === 'copy' && importing.totalBytes > 0;
    return (
      <div className="mt-3 space-y-1.5" data-testid="models-add-progress">
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          {copying
            ? `Copying ${formatBytes(importing.copiedBytes)} of ${formatBytes(importing.totalBytes)}…`
            : 'Checking the file…'}
        </p>
        <ProgressBar
          label="Copying the model file"
          value={copying ? importing.copiedBytes / importing.totalBytes : 0}
        />
      </div>
    );
  }
  if (importing.status === 'failed' && importing.error) {
    return (
      <Banner
        level="error"
        title={causeTitle(importing.error) ?? 'Could not add the model'}
        className="mt-3"
        onDismiss={onDismiss}
        data-testid="models-add-error"
        data-code={importing.error.code}
      >
        <p className="break-words">{importing.error.message}</p>
      </Banner>
    );
  }
  return importing.added ? (
    <Banner level="info" title={`Added ${importing.added.fileName}`} className="mt-3" onDismiss={onDismiss}>
      It is in the list below; set its load options, then load it.
    </Banner>
  ) : null;
}
