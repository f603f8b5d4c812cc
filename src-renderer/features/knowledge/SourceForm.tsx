import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { KnowledgeSourceInput } from '@contract';
import { Button } from '../../components/Button';
import { Select } from '../../components/Field';
import { TextInput } from '../../components/TextInput';
import { errorMessage } from '../../lib/errors';
import { filePickerStore, useFilePickerStore } from '../../stores/filePickerStore';
import { knowledgeStore, needsGrant } from './knowledgeStore';
import { folderToGrant, parseGlobs } from './knowledgeText';

export interface SourceFormProps {
  /** Adds the source (and creates the base, for the create form); throws what core refused. */
  onSubmit(source: KnowledgeSourceInput): Promise<void>;
  submitLabel: string;
  /** Extra fields above the source (the base's name); `valid` false keeps Submit disabled. */
  extra?: ReactNode;
  valid?: boolean;
  testId: string;
}

/**
 * A folder (recursive, optional include/exclude globs) or a single file, by absolute path or the native picker.
 * A path outside every granted folder is refused by core; the form then offers to grant that folder.
 */
export function SourceForm({ onSubmit, submitLabel, extra, valid = true, testId }: SourceFormProps) {
  const [kind, setKind] = useState<'folder' | 'file'>('folder');
  const [path, setPath] = useState('');
  const [include, setInclude] = useState('');
  const [exclude, setExclude] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [grantable, setGrantable] = useState<KnowledgeSourceInput | null>(null);
  const pickerSupported = useFilePickerStore((s) => s.supported);
  const ids = useId();
  useEffect(() => filePickerStore.getState().probe(), []);

  const source = (): KnowledgeSourceInput => ({
    kind,
    path: path.trim(),
    include: kind === 'folder' ? parseGlobs(include) : [],
    exclude: kind === 'folder' ? parseGlobs(exclude) : [],
  });

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setGrantable(null);
    try {
      await work();
      setPath('');
      setInclude('');
      setExclude('');
    } catch (err) {
      setError(errorMessage(err));
      if (needsGrant(err)) setGrantable(source());
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim() === '' || !valid) return;
    void run(() => onSubmit(source()));
  };

  const grantAndRetry = (wanted: KnowledgeSourceInput) =>
    void run(async () => {
      await knowledgeStore.getState().grantFor(wanted);
      await onSubmit(wanted);
    });

  const browse = async () => {
    const picked = await filePickerStore.getState().pick(kind === 'folder' ? 'folder' : 'document');
    if (picked) setPath(picked);
  };

  return (
    <form className="space-y-3" onSubmit={submit} data-testid={testId}>
      {extra}
      <div className="flex flex-wrap items-end gap-2">
        <label className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
          <span className="mb-1 block">Source</span>
          <Select
            data-testid="source-kind"
            value={kind}
            onChange={(e) => setKind(e.target.value === 'file' ? 'file' : 'folder')}
          >
            <option value="folder">Folder (with subfolders)</option>
            <option value="file">Single file</option>
          </Select>
        </label>
        <label className="min-w-0 flex-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
          <span className="mb-1 block">{kind === 'folder' ? 'Folder path' : 'File path'}</span>
          <TextInput
            data-testid="source-path"
            className="w-full font-mono"
            placeholder={kind === 'folder' ? '/home/me/Documents/manuals' : '/home/me/Documents/contract.pdf'}
            value={path}
            onChange={(e) => setPath(e.target.value)}
          />
        </label>
        {pickerSupported && (
          <Button onClick={() => void browse()} data-testid="source-browse">
            Browse…
          </Button>
        )}
      </div>
      {kind === 'folder' && (
        <details className="text-xs text-zinc-600 dark:text-zinc-400">
          <summary className="cursor-pointer select-none">Only some files (include / exclude patterns)</summary>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            <label htmlFor={`${ids}-inc`}>
              <span className="mb-1 block">Include (e.g. **/*.pdf, docs/**)</span>
              <TextInput
                id={`${ids}-inc`}
                data-testid="source-include"
                className="w-full font-mono"
                value={include}
                onChange={(e) => setInclude(e.target.value)}
              />
            </label>
            <label htmlFor={`${ids}-exc`}>
              <span className="mb-1 block">Exclude (e.g. drafts/**)</span>
              <TextInput
                id={`${ids}-exc`}
                data-testid="source-exclude"
                className="w-full font-mono"
                value={exclude}
                onChange={(e) => setExclude(e.target.value)}
              />
            </label>
          </div>
          <p className="mt-1">Hidden files and folders such as node_modules are always skipped.</p>
        </details>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="primary" data-testid="source-submit" disabled={busy || !valid || !path.trim()}>
          {busy ? 'Adding…' : submitLabel}
        </Button>
      </div>
      {error && (
        <div role="alert" data-testid="source-error" className="space-y-1.5 text-xs text-red-600 dark:text-red-400">
          <p>{error}</p>
          {grantable && (
            <Button data-testid="source-grant" disabled={busy} onClick={() => grantAndRetry(grantable)}>
              Allow Outpost to read {folderToGrant(grantable.kind, grantable.path)} and add it
            </Button>
          )}
        </div>
      )}
    </form>
  );
}
