import { useState, type ChangeEvent } from 'react';
import { Badge } from '../../components/Badge';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { Field } from '../../components/Field';
import { TextInput } from '../../components/TextInput';
import { useSettingsStore } from '../../stores/settingsStore';
import { useApiServer } from './useApiServer';

const checkbox = 'size-4 cursor-pointer accent-emerald-600 disabled:cursor-not-allowed dark:accent-emerald-500';

function snippets(baseUrl: string, key: string) {
  const curl = `curl ${baseUrl}/chat/completions \\\n  -H "Authorization: Bearer ${key}" \\\n  -H "Content-Type: application/json" \\\n  -d '{"model": "<model id>", "messages": [{"role": "user", "content": "Hello"}]}'`;
  const js = `import OpenAI from 'openai';\nconst client = new OpenAI({ baseURL: '${baseUrl}', apiKey: '${key}' });\nconst reply = await client.chat.completions.create({\n  model: '<model id or agent:<slug>>',\n  messages: [{ role: 'user', content: 'Hello' }],\n});`;
  return { curl, js };
}

export function ApiSection() {
  const api = useApiServer();
  const settings = useSettingsStore((s) => s.settings);
  const update = useSettingsStore((s) => s.update);
  const [port, setPort] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const status = api.status;
  const baseUrl = status?.baseUrl ?? `http://127.0.0.1:${settings.apiPort}/v1`;
  const keyText = api.newKey ?? (status?.keyPrefix ? `${status.keyPrefix}…` : '<your key>');
  const { curl, js } = snippets(baseUrl, api.newKey ?? '$OUTPOST_API_KEY');

  const savePort = () => {
    if (port === null) return;
    const value = Number(port);
    setPort(null);
    if (Number.isInteger(value) && value !== settings.apiPort) void update({ apiPort: value });
  };
  const copy = async () => {
    if (!api.newKey) return;
    await navigator.clipboard?.writeText(api.newKey).catch(() => undefined);
    setCopied(true);
  };

  return (
    <Card
      title="API server"
      description="Lets other programs on this computer use Outpost's models and agents through an OpenAI-compatible API."
    >
      <div className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="api-section">
        <Field label="Enable the API" htmlFor="api-enabled" description="Off by default. Requests need the API key.">
          <div className="flex items-center gap-2">
            <input
              id="api-enabled"
              data-testid="api-enabled"
              type="checkbox"
              className={checkbox}
              checked={status?.enabled ?? false}
              disabled={!status || api.busy}
              onChange={(e: ChangeEvent<HTMLInputElement>) => void api.setEnabled(e.target.checked)}
            />
            {status?.listening ? (
              <Badge tone="success">
                <span data-testid="api-url">{status.baseUrl}</span>
              </Badge>
            ) : (
              <Badge>{status?.enabled ? 'not listening' : 'off'}</Badge>
            )}
          </div>
        </Field>
        <Field label="Port" htmlFor="api-port" description="1024–65535; the server restarts on change.">
          <TextInput
            id="api-port"
            data-testid="api-port"
            type="number"
            min={1024}
            max={65535}
            className="w-28"
            value={port ?? String(settings.apiPort)}
            onChange={(e) => setPort(e.target.value)}
            onBlur={savePort}
            onKeyDown={(e) => e.key === 'Enter' && savePort()}
          />
        </Field>
        <Field
          label="Allow other computers"
          htmlFor="api-lan"
          description="Listens on every network interface. Anyone on your network with the key can use your models."
        >
          <input
            id="api-lan"
            data-testid="api-lan"
            type="checkbox"
            className={checkbox}
            checked={settings.apiBindLan}
            onChange={(e) => void update({ apiBindLan: e.target.checked })}
          />
        </Field>
        <Field
          label="Let agents run “ask” tools"
          htmlFor="api-ask"
          description="No one is at the screen to approve API requests: when off, an agent's “ask” tools are denied."
        >
          <input
            id="api-ask"
            data-testid="api-ask"
            type="checkbox"
            className={checkbox}
            checked={settings.apiAllowAskTools}
            onChange={(e) => void update({ apiAllowAskTools: e.target.checked })}
          />
        </Field>
        <Field
          label="API key"
          htmlFor="api-rotate"
          description="Stored hashed: it is shown only right after it is made."
        >
          <div className="flex flex-wrap items-center gap-2">
            <code
              data-testid="api-key"
              className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs break-all dark:bg-zinc-800"
            >
              {status?.hasKey || api.newKey ? keyText : 'none yet'}
            </code>
            {api.newKey && (
              <Button data-testid="api-copy-key" onClick={() => void copy()}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
            <Button id="api-rotate" data-testid="api-rotate" disabled={api.busy} onClick={() => void api.rotateKey()}>
              {status?.hasKey ? 'Rotate key' : 'Create key'}
            </Button>
          </div>
        </Field>
      </div>
      {settings.apiBindLan && (
        <Banner level="warning" title="The API is reachable from your network">
          Other computers can connect to port {settings.apiPort}. Keep the key secret, or turn this off.
        </Banner>
      )}
      {status?.error && (
        <Banner level="error" title="The API server is not running">
          <span data-testid="api-error">{status.error}</span>
        </Banner>
      )}
      {api.error && (
        <Banner level="error" title="Could not change the API server">
          {api.error}
        </Banner>
      )}
      {api.newKey && (
        <p className="mt-3 text-sm text-amber-700 dark:text-amber-400">
          Copy the key now: Outpost will not show it again.
        </p>
      )}
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer font-medium">Examples (curl, OpenAI client)</summary>
        <pre className="mt-2 overflow-x-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-800">{curl}</pre>
        <pre className="mt-2 overflow-x-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-800">{js}</pre>
      </details>
      <RequestLog requests={api.requests} />
    </Card>
  );
}

function RequestLog({ requests }: { requests: ReturnType<typeof useApiServer>['requests'] }) {
  return (
    <div className="mt-3">
      <h4 className="text-sm font-medium">Recent requests</h4>
      {requests.length === 0 ? (
        <p className="text-sm text-zinc-500">No requests yet.</p>
      ) : (
        <ul className="mt-1 max-h-56 overflow-y-auto font-mono text-xs" data-testid="api-log">
          {requests.map((r) => (
            <li key={r.id} className="flex gap-2 py-0.5">
              <span className="text-zinc-500">{new Date(r.at).toLocaleTimeString()}</span>
              <span
                className={
                  r.status >= 400 ? 'text-red-600 dark:text-red-400' : 'text-emerald-700 dark:text-emerald-400'
                }
              >
                {r.status}
              </span>
              <span>
                {r.method} {r.path}
              </span>
              {r.model && <span className="text-zinc-500">{r.model}</span>}
              <span className="text-zinc-500">{Math.round(r.durationMs)} ms</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
