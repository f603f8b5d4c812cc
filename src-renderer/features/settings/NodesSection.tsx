import { useEffect, useState, type FormEvent } from 'react';
import type { NodeInfo, NodeKind } from '@contract';
import { getBridge } from '../../bridge';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { Field, Select } from '../../components/Field';
import { useSettingsStore } from '../../stores/settingsStore';
import { NumberSetting } from './NumberSetting';
import { Checkbox, TextInput } from '../../components/TextInput';
import { NodeRow } from './NodeRow';
import { PoolsPanel } from './PoolsPanel';

/** Settings → Nodes: other machines' OpenAI-compatible servers (another Outpost, llama-server, vLLM, Ollama…). */
export function NodesSection() {
  const [nodes, setNodes] = useState<NodeInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tests, setTests] = useState<Record<string, string>>({});
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [key, setKey] = useState('');
  const [kind, setKind] = useState<NodeKind>('lan');
  const [allowOffline, setAllowOffline] = useState(false);
  const settings = useSettingsStore((s) => s.settings);
  const loaded = useSettingsStore((s) => s.loaded);
  const update = useSettingsStore((s) => s.update);

  useEffect(() => {
    const bridge = getBridge();
    void bridge.request('nodes.list', {}).then(setNodes, (e: unknown) => setError(String(e)));
    const offChanged = bridge.on('nodes.changed', setNodes);
    // Periodic checks send one node's health: patched in place, no refetch.
    const offHealth = bridge.on('nodes.health', ({ nodeId, health }) =>
      setNodes((list) => list.map((n) => (n.id === nodeId ? { ...n, health } : n))),
    );
    return () => {
      offChanged();
      offHealth();
    };
  }, []);

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      setNodes(await getBridge().request('nodes.list', {}));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const add = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const bridge = getBridge();
      const node = await bridge.request('nodes.add', {
        name: name.trim(),
        baseUrl: url.trim(),
        kind,
        allowInOffline: kind === 'lan' && allowOffline,
        ...(key.trim() ? { apiKey: key.trim() } : {}),
      });
      setName('');
      setUrl('');
      setKey('');
      await bridge.request('nodes.discover', { id: node.id });
    });
  };

  const test = (node: NodeInfo) =>
    void run(async () => {
      const result = await getBridge().request('nodes.test', { id: node.id });
      const text = result.ok
        ? `Connected in ${Math.round(result.latencyMs ?? 0)} ms · ${result.modelIds.length} model(s)`
        : `Failed: ${result.error?.message ?? 'unknown error'}`;
      setTests((t) => ({ ...t, [node.id]: text }));
    });

  const toggle = (node: NodeInfo) =>
    void run(() =>
      getBridge().request('nodes.update', {
        id: node.id,
        node: {
          name: node.name,
          baseUrl: node.baseUrl,
          kind: node.kind,
          enabled: !node.enabled,
          allowInOffline: node.allowInOffline,
        },
      }),
    );

  return (
    <Card
      title="Nodes"
      data-testid="nodes-section"
      description="Models on other machines: another Outpost with its API on, llama.cpp's server, vLLM, Ollama, LM Studio or a cloud endpoint. Tool calls they propose run here, with each agent's permissions. Keys are stored on this machine and sent only to their node."
    >
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="nodes-list">
        {nodes.map((node) => (
          <NodeRow
            key={node.id}
            node={node}
            busy={busy}
            testResult={tests[node.id] ?? null}
            onTest={() => test(node)}
            onDiscover={() => void run(() => getBridge().request('nodes.discover', { id: node.id }))}
            onToggle={() => toggle(node)}
            onRemove={() => void run(() => getBridge().request('nodes.remove', { id: node.id }))}
          />
        ))}
      </ul>
      <form className="mt-3 flex flex-wrap items-center gap-2" onSubmit={add} data-testid="node-add-form">
        <TextInput
          aria-label="Node name"
          placeholder="Name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          className="w-36"
        />
        <TextInput
          aria-label="Base URL"
          placeholder="http://192.168.1.20:47810/v1"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          className="min-w-64 flex-1"
        />
        <TextInput
          aria-label="API key"
          type="password"
          autoComplete="off"
          placeholder="API key (optional)"
          value={key}
          onChange={(e) => setKey(e.target.value)}
          className="w-48"
        />
        <Select aria-label="Node kind" value={kind} onChange={(e) => setKind(e.target.value as NodeKind)}>
          <option value="lan">LAN</option>
          <option value="internet">Internet</option>
        </Select>
        {kind === 'lan' && (
          <label className="flex items-center gap-1 text-xs">
            <Checkbox checked={allowOffline} onChange={(e) => setAllowOffline(e.target.checked)} />
            Allow in offline mode
          </label>
        )}
        <Button type="submit" variant="primary" data-testid="node-add" disabled={busy || !name.trim() || !url.trim()}>
          Add node
        </Button>
      </form>
      {error && (
        <Banner level="error" title="Node change failed">
          {error}
        </Banner>
      )}
      <Field
        label="Health check every"
        htmlFor="setting-nodeHealthCheckSeconds"
        description="Each enabled node's model list is fetched this often (0 = off); a node that stops answering is marked down and skipped until it answers again."
      >
        <div className="flex items-start gap-2">
          <NumberSetting
            id="setting-nodeHealthCheckSeconds"
            value={settings.nodeHealthCheckSeconds}
            min={0}
            max={3600}
            unit="s"
            disabled={!loaded}
            describedBy="setting-nodeHealthCheckSeconds-description"
            onCommit={(value) => void update({ nodeHealthCheckSeconds: value })}
          />
          <Button
            variant="ghost"
            data-testid="nodes-check-now"
            disabled={busy || nodes.length === 0}
            onClick={() => void run(() => getBridge().request('nodes.checkHealth', {}))}
          >
            Check now
          </Button>
        </div>
      </Field>
      <PoolsPanel nodes={nodes} />
    </Card>
  );
}
