import { useEffect, useState } from 'react';
import type { NodeInfo, PoolInfo } from '@contract';
import { getBridge } from '../../bridge';
import { Button } from '../../components/Button';
import { Checkbox, TextInput } from '../../components/TextInput';
import { answeredByText } from '../../lib/modelRef';

/** Pools: the same model on several nodes; requests go to the least-busy healthy member, failing over. */
export function PoolsPanel({ nodes }: { nodes: NodeInfo[] }) {
  const [pools, setPools] = useState<PoolInfo[]>([]);
  const [name, setName] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const bridge = getBridge();
    void bridge.request('nodes.pools', {}).then(setPools, () => undefined);
    return bridge.on('nodes.poolsChanged', setPools);
  }, []);

  const refs = nodes.flatMap((n) => n.models.map((m) => `node:${n.id}/${m.id}`));
  const save = async () => {
    setError(null);
    try {
      await getBridge().request('nodes.savePool', { name: name.trim(), members });
      setName('');
      setMembers([]);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  if (refs.length === 0 && pools.length === 0) return null;
  return (
    <div className="mt-4 border-t border-zinc-100 pt-3 dark:border-zinc-800" data-testid="pools">
      <h3 className="text-sm font-medium">Pools</h3>
      <ul className="text-xs text-zinc-600 dark:text-zinc-400">
        {pools.map((p) => (
          <li key={p.id} className="flex items-center gap-2 py-1">
            <span className="font-medium">{p.name}</span>
            <span className="font-mono">pool:{p.id}</span>
            <span>{p.members.map(answeredByText).join(', ')}</span>
            <Button variant="ghostDanger" onClick={() => void getBridge().request('nodes.removePool', { id: p.id })}>
              Remove
            </Button>
          </li>
        ))}
      </ul>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <TextInput
          aria-label="Pool name"
          placeholder="Pool name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          className="w-36"
        />
        {refs.map((ref) => (
          <label key={ref} className="flex items-center gap-1 text-xs">
            <Checkbox
              checked={members.includes(ref)}
              onChange={(e) => setMembers((m) => (e.target.checked ? [...m, ref] : m.filter((x) => x !== ref)))}
            />
            {answeredByText(ref).replace(/^answered by /, '')}
          </label>
        ))}
        <Button disabled={!name.trim() || members.length === 0} onClick={() => void save()}>
          Create pool
        </Button>
      </div>
      {error && <p className="text-xs text-red-600 dark:text-red-400">{error}</p>}
    </div>
  );
}
