import { useCallback, useState, type FormEvent } from 'react';
import type { FolderGrant } from '@contract';
import { getBridge } from '../../../bridge';
import { Button } from '../../../components/Button';
import { Select } from '../../../components/Field';
import { TextInput } from '../../../components/TextInput';
import { errorMessage } from '../../../lib/errors';
import { useLoaded } from '../useLoaded';

/**
 * Folders the file tools may read. Grants are stored by core, not in the agent file, so they apply at once;
 * a grant for "this agent only" needs the agent saved first.
 */
export function FolderGrants({ agentId }: { agentId: string | null }) {
  const loadGrants = useCallback(() => getBridge().request('tools.grants', {}), []);
  const { data: grants, error: loadError, reload } = useLoaded<FolderGrant[]>(loadGrants);
  const [path, setPath] = useState('');
  const [scope, setScope] = useState<'agent' | 'all'>(agentId ? 'agent' : 'all');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (path.trim() === '') return;
    setBusy(true);
    setError(null);
    try {
      await getBridge().request('tools.grantFolder', {
        path: path.trim(),
        agentId: scope === 'agent' ? agentId : null,
      });
      setPath('');
      reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (id: number) => {
    setError(null);
    try {
      await getBridge().request('tools.revokeFolder', { id });
      reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const shown = (grants ?? []).filter((g) => g.agentId === null || g.agentId === agentId);
  return (
    <div className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" data-testid="folder-grants">
      <p className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Folders the file tools may read</p>
      {grants !== null && shown.length === 0 && (
        <p className="mt-1 text-xs text-zinc-500">
          None yet: the file tools refuse every path until you grant a folder.
        </p>
      )}
      <ul className="mt-1.5 space-y-1">
        {shown.map((grant) => (
          <li key={grant.id} className="flex items-center justify-between gap-2 text-sm" data-testid="folder-grant">
            <code className="min-w-0 truncate">{grant.path}</code>
            <span className="flex shrink-0 items-center gap-2 text-xs text-zinc-500">
              {grant.agentId === null ? 'all agents' : 'this agent'}
              <Button variant="ghostDanger" onClick={() => void revoke(grant.id)}>
                Revoke
              </Button>
            </span>
          </li>
        ))}
      </ul>
      <form className="mt-2 flex flex-wrap items-center gap-2" onSubmit={(e) => void add(e)}>
        <TextInput
          data-testid="grant-path"
          aria-label="Folder to grant (absolute path)"
          placeholder="/home/me/Documents/shared"
          className="min-w-0 flex-1 font-mono"
          value={path}
          onChange={(e) => setPath(e.target.value)}
        />
        <Select
          aria-label="Who may read it"
          value={scope}
          onChange={(e) => setScope(e.target.value === 'agent' ? 'agent' : 'all')}
        >
          <option value="agent" disabled={agentId === null}>
            {agentId === null ? 'This agent (save first)' : 'This agent only'}
          </option>
          <option value="all">All agents</option>
        </Select>
        <Button type="submit" data-testid="grant-add" disabled={busy || path.trim() === ''}>
          Grant folder
        </Button>
      </form>
      {(error ?? loadError) && (
        <p role="alert" className="mt-1 text-xs text-red-600 dark:text-red-400" data-testid="grant-error">
          {error ?? loadError}
        </p>
      )}
    </div>
  );
}
