import { useState, type FormEvent } from 'react';
import type { McpServerInfo, McpServerInput, McpServerUpdate } from '@contract';
import { Button } from '../../components/Button';
import { Checkbox, TextInput } from '../../components/TextInput';

/** Splits "a b 'c d'" into arguments (quotes group words). */
function splitArgs(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

function joinArgs(words: readonly string[]): string {
  return words.map((w) => (/\s/.test(w) ? `"${w}"` : w)).join(' ');
}

/** One secret per row; an empty value on an existing row keeps what Outpost stored (it is never shown). */
interface SecretRow {
  key: string;
  value: string;
  stored: boolean;
}

function secretsOf(rows: readonly SecretRow[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const row of rows) {
    if (!row.key.trim()) continue;
    out[row.key.trim()] = row.value === '' && row.stored ? null : row.value;
  }
  return out;
}

export type McpFormResult = { kind: 'add'; input: McpServerInput } | { kind: 'update'; input: McpServerUpdate };

/** Add or edit a server: command or URL, env variables (stdio) or headers (HTTP), legacy SSE. */
export function McpServerForm({
  editing,
  busy,
  onSubmit,
  onCancel,
}: {
  editing: McpServerInfo | null;
  busy: boolean;
  onSubmit: (result: McpFormResult) => void;
  onCancel?: () => void;
}) {
  const [name, setName] = useState(editing?.name ?? '');
  const [target, setTarget] = useState(
    editing ? (editing.url ?? joinArgs([editing.command ?? '', ...editing.args])) : '',
  );
  const [legacySse, setLegacySse] = useState(editing?.legacySse ?? false);
  const storedKeys = editing ? (editing.transport === 'http' ? editing.headerKeys : editing.envKeys) : [];
  const [rows, setRows] = useState<SecretRow[]>(storedKeys.map((key) => ({ key, value: '', stored: true })));
  const isHttp = /^https?:\/\//.test(target.trim());

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const secrets = secretsOf(rows);
    const trimmed = target.trim();
    const [command = '', ...args] = splitArgs(trimmed);
    const base = isHttp
      ? { transport: 'http' as const, name, url: trimmed, legacySse }
      : { transport: 'stdio' as const, name, command, args };
    if (editing) {
      const input: McpServerUpdate =
        base.transport === 'http'
          ? { ...base, id: editing.id, headers: secrets }
          : { ...base, id: editing.id, env: secrets };
      onSubmit({ kind: 'update', input });
    } else {
      const filled = Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, v ?? '']));
      onSubmit({
        kind: 'add',
        input: base.transport === 'http' ? { ...base, headers: filled } : { ...base, env: filled },
      });
    }
  };

  const setRow = (index: number, patch: Partial<SecretRow>) =>
    setRows((list) => list.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  return (
    <form className="mt-3 space-y-2" onSubmit={submit} data-testid="mcp-form">
      <div className="flex flex-wrap gap-2">
        <TextInput
          aria-label="Server name"
          placeholder="Name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          className="w-36"
        />
        <TextInput
          aria-label="Command or URL"
          placeholder="npx -y @scope/server  or  http://127.0.0.1:3000/mcp"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          className="min-w-64 flex-1"
        />
      </div>
      <div className="space-y-1">
        <p className="text-xs text-zinc-500">
          {isHttp
            ? 'HTTP headers (e.g. Authorization)'
            : 'Environment variables (API keys go here, not in the command)'}
          : values are stored by Outpost and never shown again.
        </p>
        {rows.map((row, i) => (
          <div key={i} className="flex gap-2">
            <TextInput
              aria-label={isHttp ? 'Header name' : 'Variable name'}
              value={row.key}
              onChange={(e) => setRow(i, { key: e.target.value })}
              className="w-48 font-mono"
            />
            <TextInput
              aria-label={isHttp ? 'Header value' : 'Variable value'}
              type="password"
              autoComplete="off"
              placeholder={row.stored ? 'stored — leave empty to keep' : 'value'}
              value={row.value}
              onChange={(e) => setRow(i, { value: e.target.value })}
              className="flex-1"
            />
            <Button variant="ghost" onClick={() => setRows((list) => list.filter((_, j) => j !== i))}>
              Remove
            </Button>
          </div>
        ))}
        <Button variant="ghost" onClick={() => setRows((list) => [...list, { key: '', value: '', stored: false }])}>
          {isHttp ? 'Add header' : 'Add variable'}
        </Button>
      </div>
      {isHttp && (
        <label className="flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
          <Checkbox checked={legacySse} onChange={(e) => setLegacySse(e.target.checked)} />
          Legacy HTTP+SSE server (tried anyway when Streamable HTTP is refused)
        </label>
      )}
      <div className="flex gap-2">
        <Button type="submit" variant="primary" disabled={busy || !name.trim() || !target.trim()}>
          {editing ? 'Save server' : 'Add server'}
        </Button>
        {onCancel && (
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
