/**
 * Browse a running MCP server's resources and prompts from the chat: attach a resource's text or insert a filled
 * prompt into the composer (routes mcp.list / mcp.resources / mcp.readResource / mcp.prompts / mcp.getPrompt).
 */
import { useEffect, useState } from 'react';
import type { McpPrompt, McpResource, McpServerInfo } from '@contract';
import { getBridge } from '../../bridge';
import { Button } from '../../components/Button';
import { Select } from '../../components/Field';
import { TextInput } from '../../components/TextInput';
import { McpLibraryList } from './McpLibraryList';
import { promptInsertion, resourceAttachment } from './mcpLibrary';

export function McpLibraryPanel({ onInsert }: { onInsert: (text: string) => void }) {
  const [servers, setServers] = useState<McpServerInfo[]>([]);
  const [serverId, setServerId] = useState('');
  const [resources, setResources] = useState<McpResource[]>([]);
  const [prompts, setPrompts] = useState<McpPrompt[]>([]);
  const [picked, setPicked] = useState<McpPrompt | null>(null);
  const [args, setArgs] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const fail = (e: unknown) => setError(e instanceof Error ? e.message : String(e));

  useEffect(() => {
    void getBridge()
      .request('mcp.list', {})
      .then((list) => {
        const running = list.filter((s) => s.state === 'running');
        setServers(running);
        setServerId((current) => current || running[0]?.id || '');
      }, fail);
  }, []);

  useEffect(() => {
    if (!serverId) return;
    const bridge = getBridge();
    // A server without resources or prompts answers with an error: that list stays empty.
    void bridge.request('mcp.resources', { id: serverId }).then(setResources, () => setResources([]));
    void bridge.request('mcp.prompts', { id: serverId }).then(setPrompts, () => setPrompts([]));
  }, [serverId]);

  const attach = async (resource: McpResource) => {
    try {
      const contents = await getBridge().request('mcp.readResource', { id: serverId, uri: resource.uri });
      onInsert(resourceAttachment(resource.name, resource.uri, contents));
    } catch (e) {
      fail(e);
    }
  };

  const insert = async (prompt: McpPrompt) => {
    try {
      const filled = await getBridge().request('mcp.getPrompt', { id: serverId, name: prompt.name, arguments: args });
      onInsert(promptInsertion(filled));
      setPicked(null);
    } catch (e) {
      fail(e);
    }
  };

  if (servers.length === 0) {
    return (
      <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="mcp-library">
        No MCP server is running. Add one in Settings → MCP servers.
      </p>
    );
  }
  return (
    <div
      className="space-y-2 rounded-md border border-zinc-200 p-2 text-sm dark:border-zinc-700"
      data-testid="mcp-library"
    >
      <Select
        aria-label="MCP server"
        value={serverId}
        onChange={(e) => {
          setPicked(null);
          setError(null);
          setServerId(e.target.value);
        }}
      >
        {servers.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </Select>
      {error && <p className="text-xs text-red-700 dark:text-red-300">{error}</p>}
      <McpLibraryList
        title="Resources"
        testId="mcp-resources"
        items={resources}
        describe={(r) => ({ key: r.uri, name: r.name, hint: r.description ?? r.uri })}
        action={{ label: 'Attach', testId: 'mcp-resource-attach', run: (r) => void attach(r) }}
      />
      <McpLibraryList
        title="Prompts"
        testId="mcp-prompts"
        items={prompts}
        describe={(p) => ({ key: p.name, name: p.name, hint: p.description ?? p.name })}
        action={{
          label: 'Use',
          testId: 'mcp-prompt-use',
          run: (p) => {
            setArgs({});
            if (p.arguments.length === 0) void insert(p);
            else setPicked(p);
          },
        }}
      />
      {picked && (
        <form
          className="space-y-1"
          data-testid="mcp-prompt-args"
          onSubmit={(e) => {
            e.preventDefault();
            void insert(picked);
          }}
        >
          {picked.arguments.map((a) => (
            <TextInput
              key={a.name}
              aria-label={a.name}
              placeholder={`${a.name}${a.required ? ' (required)' : ''}`}
              required={a.required}
              value={args[a.name] ?? ''}
              onChange={(e) => setArgs((v) => ({ ...v, [a.name]: e.target.value }))}
            />
          ))}
          <Button type="submit" variant="primary" data-testid="mcp-prompt-insert">
            Insert
          </Button>
        </form>
      )}
    </div>
  );
}
