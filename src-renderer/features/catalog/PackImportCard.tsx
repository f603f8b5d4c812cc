import { useEffect, useState, type FormEvent } from 'react';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ProgressBar } from '../../components/ProgressBar';
import { TextInput } from '../../components/TextInput';
import { formatBytes } from '../../lib/format';
import { hrefFor } from '../../lib/hashRoute';
import { useCatalogStore } from '../../stores/catalogStore';
import { filePickerStore, useFilePickerStore } from '../../stores/filePickerStore';

const baseName = (file: string) => file.split(/[\\/]/).pop() ?? file;

/** Air-gapped installs: a folder or .tar with `outpost-pack.json`, every file checked by SHA-256 first. */
export function PackImportCard() {
  const [path, setPath] = useState('');
  const pack = useCatalogStore((s) => s.pack);
  const importPack = useCatalogStore((s) => s.importPack);
  const dismissPack = useCatalogStore((s) => s.dismissPack);
  const pickerSupported = useFilePickerStore((s) => s.supported);
  const picking = useFilePickerStore((s) => s.picking);
  const pick = useFilePickerStore((s) => s.pick);
  const running = pack?.status === 'running';

  useEffect(() => filePickerStore.getState().probe(), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim() !== '' && !running) void importPack(path.trim());
  };
  const browse = async () => {
    const picked = await pick('pack');
    if (picked) setPath(picked);
  };

  return (
    <Card
      title="Import a model pack"
      description="For machines without internet: a folder or .tar holding outpost-pack.json and its model files. Every file is checked against its SHA-256 before anything is added."
      data-testid="pack-card"
    >
      <form className="flex flex-wrap items-start gap-2" onSubmit={submit}>
        <label htmlFor="pack-path" className="sr-only">
          Path of the pack folder or .tar file
        </label>
        <TextInput
          id="pack-path"
          data-testid="pack-path"
          className="min-w-64 flex-1 font-mono text-[0.8125rem]"
          placeholder="/media/usb/outpost-pack or /media/usb/models.tar"
          spellCheck={false}
          autoComplete="off"
          value={path}
          onChange={(e) => setPath(e.target.value)}
        />
        {pickerSupported && (
          <Button data-testid="pack-browse" disabled={picking !== null || running} onClick={() => void browse()}>
            {picking === 'pack' ? 'Choosing…' : 'Browse…'}
          </Button>
        )}
        <Button type="submit" variant="primary" data-testid="pack-import" disabled={running || path.trim() === ''}>
          {running ? 'Importing…' : 'Import pack'}
        </Button>
      </form>
      {pickerSupported === false && (
        <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
          In the browser there is no file picker: paste the full path as the Outpost host sees it.
        </p>
      )}
      {pack && <PackStatus onDismiss={dismissPack} />}
    </Card>
  );
}

function PackStatus({ onDismiss }: { onDismiss: () => void }) {
  const pack = useCatalogStore((s) => s.pack);
  if (!pack) return null;
  if (pack.status === 'running') {
    const copying = pack.totalBytes > 0 && pack.currentFile !== null;
    return (
      <div className="mt-3 space-y-1.5" data-testid="pack-progress">
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          {copying
            ? `Copying ${baseName(pack.currentFile ?? '')}: ${formatBytes(pack.copiedBytes)} of ${formatBytes(pack.totalBytes)}`
            : 'Checking the manifest and each file’s SHA-256…'}
        </p>
        <ProgressBar label="Importing the model pack" value={copying ? pack.copiedBytes / pack.totalBytes : 0} />
      </div>
    );
  }
  if (pack.status === 'failed' && pack.error) {
    return (
      <Banner
        level="error"
        title="The pack was not imported"
        className="mt-3"
        onDismiss={onDismiss}
        data-testid="pack-error"
        data-code={pack.error.code}
      >
        <p className="break-words">{pack.error.message}</p>
        {pack.error.file && !pack.error.message.includes(pack.error.file) && (
          <p className="mt-1 font-mono text-xs break-all">{pack.error.file}</p>
        )}
        <p className="mt-1 text-xs">Nothing from this pack was added.</p>
      </Banner>
    );
  }
  return (
    <Banner
      level="info"
      title={`Imported ${pack.added.length} ${pack.added.length === 1 ? 'model' : 'models'}`}
      className="mt-3"
      onDismiss={onDismiss}
      data-testid="pack-done"
    >
      <p>
        {pack.added.map((m) => m.fileName).join(', ')} —{' '}
        <a href={hrefFor('models')} className="font-medium underline underline-offset-2">
          open Models
        </a>
      </p>
    </Banner>
  );
}
