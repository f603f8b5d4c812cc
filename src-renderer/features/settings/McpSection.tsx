import { useEffect, useState, type FormEvent } from 'react';
import type { McpServerInfo } from '@contract';
import { getBridge } from '../../bridge';
import { Badge } from '../../components/Badge';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { TextInput } from '../../components/TextInput';

const STATE_TONE = {
  running: 'success',
  starting: 'accent',
  stopped: 'neutral',
  crashed: 'danger',
  failed: 'danger',
} as const;

/** Splits "a b 'c d'" into arguments (quotes group words). */
function splitArgs(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

export function McpSection() {
  const [servers, setServers] = useState<McpServerInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const bridge = getBridge();
    void bridge.request('mcp.list', {}).then(setServers, (e: unknown) => setError(String(e)));
    return bridge.on('mcp.changed', setServers);
  }, []);

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      setServers(await getBridge().request('mcp.list', {}));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const add = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = target.trim();
    const input = /^https?:\/\//.test(trimmed)
      ? { transport: 'http' as const, name, url: trimmed }
      : (() => {
          const [command = '', ...args] = splitArgs(trimmed);
          return { transport: 'stdio' as const, name, command, args };
        })();
    void run(async () => {
      await getBridge().request('mcp.add', input);
      setName('');
      setTarget('');
    });
  };

  return (
    <Card
      title="MCP servers"
      description="Tools from Model Context Protocol servers appear in the agent builder like built-in tools, starting at “ask”. Their descriptions come from the server and are not trusted."
    >
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="mcp-list">
        {servers.map((s) => (
          <li key={s.id} className="py-2 text-sm">
            <div className="flex items-center gap-2">
              <span className="font-medium">{s.name}</span>
              <Badge tone={STATE_TONE[s.state]}>{s.state}</Badge>
              <span className="truncate font-mono text-xs text-zinc-500">
                {s.url ?? [s.command, ...s.args].join(' ')}
              </span>
              <span className="ml-auto flex gap-1">
                <Button
                  variant="ghost"
                  disabled={busy}
                  onClick={() => void run(() => getBridge().request('mcp.restart', { id: s.id }))}
                >
                  Restart
                </Button>
                <Button
                  variant="ghostDanger"
                  disabled={busy}
                  onClick={() => void run(() => getBridge().request('mcp.remove', { id: s.id }))}
                >
                  Remove
                </Button>
              </span>
            </div>
            {s.error && <p className="text-xs text-red-600 dark:text-red-400">{s.error}</p>}
            {s.tools.length > 0 && (
              <p className="text-xs text-zinc-500">Tools: {s.tools.map((t) => t.name).join(', ')}</p>
            )}
          </li>
        ))}
      </ul>
      <form className="mt-3 flex flex-wrap gap-2" onSubmit={add}>
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
        <Button type="submit" variant="primary" disabled={busy || !name.trim() || !target.trim()}>
          Add server
        </Button>
      </form>
      {error && (
        <Banner level="error" title="MCP server change failed">
          {error}
        </Banner>
      )}
    </Card>
  );
}
