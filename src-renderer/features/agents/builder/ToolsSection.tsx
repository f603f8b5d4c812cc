import type { ToolInfo, ToolPermission } from '@contract';
import { Badge } from '../../../components/Badge';
import { Select } from '../../../components/Field';
import { Checkbox } from '../../../components/TextInput';
import { useAgentsStore } from '../../../stores/agentsStore';
import { useBuilderStore } from '../builderStore';
import { FieldMessages, FormSection } from './FormField';
import { useField } from './fieldContext';
import { FolderGrants } from './FolderGrants';

const SIDE_EFFECTS: Record<ToolInfo['sideEffects'], { label: string; tone: 'neutral' | 'warning' | 'accent' }> = {
  // MCP tools get 'none' from the server's readOnlyHint: a claim, which is why they still start at "ask".
  none: { label: 'no side effects', tone: 'neutral' },
  'reads-files': { label: 'reads files', tone: 'accent' },
  'writes-data': { label: 'writes data', tone: 'warning' },
};

const PERMISSION_LABELS: Record<ToolPermission, string> = { allow: 'Allow', ask: 'Ask me', deny: 'Deny' };

/** Which tools the agent may call, and whether each call runs, waits for approval, or is refused. */
export function ToolsSection({ agentId }: { agentId: string | null }) {
  const tools = useAgentsStore((s) => s.tools);
  const enabled = useBuilderStore((s) => s.draft.tools);
  const change = useBuilderStore((s) => s.change);
  const list = useField('tools');
  // Tools named by the agent but unknown here (e.g. from an imported file) stay visible so they can be removed.
  const unknown = Object.keys(enabled).filter((name) => !tools.some((tool) => tool.name === name));
  const readsFiles = tools.some((tool) => tool.sideEffects === 'reads-files' && enabled[tool.name] !== undefined);

  const toggle = (tool: ToolInfo, on: boolean) =>
    change((d) => {
      const next = { ...d.tools };
      if (on) next[tool.name] = tool.defaultPermission;
      else delete next[tool.name];
      return { ...d, tools: next };
    });
  const setPermission = (name: string, permission: ToolPermission) =>
    change((d) => ({ ...d, tools: { ...d.tools, [name]: permission } }));
  const remove = (name: string) =>
    change((d) => {
      const next = { ...d.tools };
      delete next[name];
      return { ...d, tools: next };
    });

  return (
    <FormSection
      title="Tools"
      description="“Ask me” shows an approval card with the exact arguments before the tool runs."
    >
      {tools.length === 0 && <p className="text-sm text-zinc-500">No tools are available.</p>}
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="tool-list">
        {tools.map((tool) => (
          <ToolRow
            key={tool.name}
            tool={tool}
            permission={enabled[tool.name] ?? null}
            onToggle={(on) => toggle(tool, on)}
            onPermission={(p) => setPermission(tool.name, p)}
          />
        ))}
        {unknown.map((name) => (
          <li key={name} className="flex items-center justify-between gap-3 py-2" data-testid={`tool-${name}`}>
            <span className="text-sm">
              <code>{name}</code> <Badge tone="danger">not available here</Badge>
            </span>
            <button type="button" className="text-xs text-red-600 hover:underline" onClick={() => remove(name)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      <FieldMessages field={list} />
      {readsFiles && <FolderGrants agentId={agentId} />}
    </FormSection>
  );
}

interface ToolRowProps {
  tool: ToolInfo;
  permission: ToolPermission | null;
  onToggle(on: boolean): void;
  onPermission(permission: ToolPermission): void;
}

function ToolRow({ tool, permission, onToggle, onPermission }: ToolRowProps) {
  const field = useField(`tools.${tool.name}`);
  const effect = SIDE_EFFECTS[tool.sideEffects];
  return (
    <li className="py-2" data-testid={`tool-${tool.name}`}>
      <div className="flex items-start gap-3">
        <Checkbox
          id={`tool-enable-${tool.name}`}
          data-testid={`tool-enable-${tool.name}`}
          className="mt-0.5"
          checked={permission !== null}
          onChange={(e) => onToggle(e.target.checked)}
        />
        <label htmlFor={`tool-enable-${tool.name}`} className="min-w-0 flex-1 cursor-pointer">
          <span className="flex flex-wrap items-center gap-1.5 text-sm font-medium text-zinc-800 dark:text-zinc-200">
            {tool.title} <code className="text-xs font-normal text-zinc-500">{tool.name}</code>
            <Badge tone={effect.tone}>{effect.label}</Badge>
            {!tool.available && <Badge tone="danger">unavailable</Badge>}
            {tool.source !== 'builtin' && <Badge>{tool.sourceName ? `MCP: ${tool.sourceName}` : tool.source}</Badge>}
          </span>
          <span className="mt-0.5 block text-xs text-zinc-500 dark:text-zinc-400">{tool.description}</span>
        </label>
        <div className="shrink-0 text-right">
          <Select
            id={field.id}
            data-testid={`tool-permission-${tool.name}`}
            aria-label={`Permission for ${tool.title}`}
            className="min-w-28"
            disabled={permission === null}
            value={permission ?? tool.defaultPermission}
            onBlur={field.onBlur}
            onChange={(e) => onPermission(e.target.value as ToolPermission)}
          >
            {(['allow', 'ask', 'deny'] as const).map((p) => (
              <option key={p} value={p}>
                {PERMISSION_LABELS[p]}
                {p === tool.defaultPermission ? ' (default)' : ''}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <FieldMessages field={field} />
    </li>
  );
}
