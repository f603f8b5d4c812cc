import { useEffect, useState } from 'react';
import type { McpServerInfo } from '@contract';
import { getBridge } from '../../bridge';
import { Badge } from '../../components/Badge';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { McpServerForm, type McpFormResult } from './McpServerForm';

const STATE_TONE = {
  running: 'success',
  starting: 'accent',
  stopped: 'neutral',
  crashed: 'danger',
  failed: 'danger',
} as const;

export function McpSection() {
  const [servers, setServers] = useState<McpServerInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<McpServerInfo | null>(null);
  // Bumped after an add so the form starts empty again.
  const [formKey, setFormKey] = useState(0);

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

  const save = (result: McpFormResult) =>
    void run(async () => {
      if (result.kind === 'add') await getBridge().request('mcp.add', result.input);
      else await getBridge().request('mcp.update', result.input);
      setEditing(null);
      setFormKey((k) => k + 1);
    });

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
                <Button variant="ghost" disabled={busy} onClick={() => setEditing(s)}>
                  Edit
                </Button>
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
            {s.skipped.length > 0 && (
              <ul className="text-xs text-amber-700 dark:text-amber-400" data-testid="mcp-skipped">
                {s.skipped.map((t) => (
                  <li key={t.name}>
                    Not offered: {t.name} — {t.reason}
                  </li>
                ))}
              </ul>
            )}
            {editing?.id === s.id && (
              <McpServerForm key={s.id} editing={s} busy={busy} onSubmit={save} onCancel={() => setEditing(null)} />
            )}
          </li>
        ))}
      </ul>
      {!editing && <McpServerForm key={formKey} editing={null} busy={busy} onSubmit={save} />}
      {error && (
        <Banner level="error" title="MCP server change failed">
          {error}
        </Banner>
      )}
    </Card>
  );
}
