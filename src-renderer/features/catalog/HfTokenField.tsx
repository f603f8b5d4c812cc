import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { TextInput } from '../../components/TextInput';
import { useCatalogStore } from '../../stores/catalogStore';

/** The optional Hugging Face token for gated models: set or cleared, never shown back once saved. */
export function HfTokenField() {
  const [draft, setDraft] = useState('');
  const token = useCatalogStore((s) => s.token);
  const saveToken = useCatalogStore((s) => s.saveToken);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const value = draft.trim();
    if (value === '' || token.saving) return;
    if (await saveToken(value)) setDraft('');
  };

  const status =
    token.hasToken === null ? 'Checking…' : token.hasToken ? 'A token is saved on this computer.' : 'No token saved.';

  return (
    <div className="mt-4 border-t border-zinc-100 pt-3.5 dark:border-zinc-800">
      <form className="flex flex-wrap items-center gap-2" onSubmit={(e) => void submit(e)}>
        <label htmlFor="hf-token-input" className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
          Access token
        </label>
        <TextInput
          id="hf-token-input"
          data-testid="hf-token-input"
          type="password"
          autoComplete="off"
          spellCheck={false}
          className="min-w-56 flex-1 font-mono text-[0.8125rem]"
          placeholder={token.hasToken ? 'Paste a new token to replace it' : 'hf_…'}
          maxLength={400}
          value={draft}
          aria-describedby="hf-token-help"
          onChange={(e) => setDraft(e.target.value)}
        />
        <Button type="submit" data-testid="hf-token-save" disabled={token.saving || draft.trim() === ''}>
          {token.saving ? 'Saving…' : 'Save token'}
        </Button>
        {token.hasToken && (
          <Button
            variant="ghostDanger"
            data-testid="hf-token-clear"
            disabled={token.saving}
            onClick={() => void saveToken(null)}
          >
            Remove
          </Button>
        )}
      </form>
      <p id="hf-token-help" className="mt-1.5 text-xs text-zinc-500 dark:text-zinc-400">
        <span
          data-testid="hf-token-status"
          data-has-token={token.hasToken === null ? 'unknown' : String(token.hasToken)}
        >
          {status}
        </span>{' '}
        Only needed for gated models (accept their licence on huggingface.co first). It is stored locally and sent only
        to Hugging Face.
      </p>
      {token.error && (
        <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-400" data-testid="hf-token-error">
          {token.error.message}
        </p>
      )}
    </div>
  );
}
