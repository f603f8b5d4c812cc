import { useRef, useState } from 'react';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Checkbox, TextInput } from '../../components/TextInput';
import { FactRow } from './FactRow';
import { GLOBAL_SCOPE, memoryStore, useMemoryStore } from './memoryStore';

/** Saves JSON through a blob: link, so no file path crosses the bridge. */
function download(name: string, data: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

export function FactsCard() {
  const { facts, total, scope, query, error, loaded } = useMemoryStore((s) => s);
  const [text, setText] = useState('');
  const [pinned, setPinned] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const store = memoryStore.getState();

  const add = async () => {
    if (!text.trim()) return;
    await store
      .add(text, pinned)
      .then(() => {
        setText('');
        setPinned(false);
      })
      .catch(() => {});
  };
  const importFile = async (file: File) => {
    const counts = await store.importText(await file.text()).catch(() => null);
    if (counts) setNotice(`Imported ${counts.imported} facts (${counts.merged} merged with ones already kept).`);
  };

  return (
    <Card
      title={`Facts (${total})`}
      description="Newest first, pinned on top. Edits are re-embedded in the background."
      actions={
        <>
          <Button
            data-testid="memory-export"
            onClick={() =>
              void store.exportFacts().then(
                (data) => download(`memory-${scope}.json`, data),
                () => {},
              )
            }
          >
            Export
          </Button>
          <Button data-testid="memory-import" onClick={() => fileInput.current?.click()}>
            Import
          </Button>
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            className="hidden"
            data-testid="memory-import-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void importFile(file);
            }}
          />
          {scope !== GLOBAL_SCOPE && (
            <Button variant="ghostDanger" data-testid="memory-forget" onClick={() => setConfirming(true)}>
              Forget everything
            </Button>
          )}
        </>
      }
    >
      {error && (
        <Banner level="error" title="Memory" className="mb-3" data-testid="memory-error">
          {error.message}
        </Banner>
      )}
      {notice && (
        <Banner
          level="info"
          title="Import"
          className="mb-3"
          onDismiss={() => setNotice(null)}
          data-testid="memory-notice"
        >
          {notice}
        </Banner>
      )}
      <form
        className="mb-3 flex flex-wrap items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <TextInput
          aria-label="New fact"
          data-testid="memory-new-text"
          className="min-w-64 flex-1"
          placeholder="A fact to remember, e.g. “The user prefers metric units.”"
          value={text}
          maxLength={1000}
          onChange={(e) => setText(e.target.value)}
        />
        <label className="flex items-center gap-1.5 text-sm text-zinc-600 dark:text-zinc-300">
          <Checkbox checked={pinned} onChange={(e) => setPinned(e.target.checked)} data-testid="memory-new-pinned" />
          Pin
        </label>
        <Button type="submit" variant="primary" data-testid="memory-add" disabled={!text.trim()}>
          Remember
        </Button>
      </form>
      <TextInput
        type="search"
        aria-label="Search facts"
        data-testid="memory-search"
        className="mb-2 w-full"
        placeholder="Search facts by keyword"
        value={query}
        onChange={(e) => store.setQuery(e.target.value)}
      />
      {loaded && facts.length === 0 ? (
        <p className="py-6 text-center text-sm text-zinc-500" data-testid="memory-empty">
          {query ? 'No fact matches that search.' : 'Nothing remembered here yet.'}
        </p>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="memory-facts">
          {facts.map((fact) => (
            <FactRow key={fact.id} fact={fact} />
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={confirming}
        title="Forget everything for this agent?"
        confirmLabel="Forget everything"
        destructive
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void store.forgetAgent().then(
            (n) => setNotice(`Forgot ${n} facts.`),
            () => {},
          );
        }}
      >
        Every fact this agent remembered is deleted. Global facts stay. This cannot be undone.
      </ConfirmDialog>
    </Card>
  );
}
