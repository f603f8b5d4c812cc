import { useEffect, useMemo, useState } from 'react';
import type { ValidationIssue } from '@contract';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { cx } from '../../../components/cx';
import { errorMessage } from '../../../lib/errors';
import { agentsStore, useAgentsStore } from '../../../stores/agentsStore';
import { sameDraft, validateDraft } from '../agentDraft';
import { builderStore, useBuilderStore, type BuilderTab } from '../builderStore';
import { AgentAvatar } from '../list/AgentAvatar';
import { AuditPanel } from '../AuditPanel';
import { HistoryPanel } from '../HistoryPanel';
import { PreviewPanel } from '../preview/PreviewPanel';
import { FieldIssuesContext } from './fieldContext';
import { EscalationSection } from './EscalationSection';
import { IdentitySection } from './IdentitySection';
import { KnowledgeSection } from './KnowledgeSection';
import { MemorySection } from './MemorySection';
import { ModelSection } from './ModelSection';
import { ProblemList } from './ProblemList';
import { PromptSection } from './PromptSection';
import { TeamSection } from './TeamSection';
import { ToolsSection } from './ToolsSection';

const TABS: [BuilderTab, string][] = [
  ['settings', 'Settings'],
  ['history', 'Version history'],
  ['audit', 'Tool audit'],
];

/** Create or edit one agent: the form with inline validation, a live preview, its history and tool audit. */
export function AgentBuilder() {
  const view = useBuilderStore((s) => s.view);
  const draft = useBuilderStore((s) => s.draft);
  const initial = useBuilderStore((s) => s.initial);
  const touched = useBuilderStore((s) => s.touched);
  const showAll = useBuilderStore((s) => s.showAll);
  const close = useBuilderStore((s) => s.close);
  const setTab = useBuilderStore((s) => s.setTab);
  const loaded = useBuilderStore((s) => s.loaded);
  const agents = useAgentsStore((s) => s.agents);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const [confirmLeave, setConfirmLeave] = useState(false);

  const creating = view.kind === 'builder' && view.mode === 'create';
  const agentId = view.kind === 'builder' && view.mode === 'edit' ? view.agentId : null;
  const tab = view.kind === 'builder' && view.mode === 'edit' ? view.tab : 'settings';
  const version = agents.find((a) => a.definition.id === agentId)?.version ?? null;
  const validation = useMemo(() => validateDraft(draft), [draft]);
  const idTaken = creating && agents.some((a) => a.definition.id === draft.id);
  const issues: ValidationIssue[] = useMemo(
    () => [...validation.issues, ...(idTaken ? [{ path: 'id', message: 'another agent already has this id' }] : [])],
    [validation.issues, idTaken],
  );
  const dirty = !sameDraft(draft, initial);
  const canSave = issues.length === 0 && !saving && (creating || dirty);

  // The browser's own guard for reloads and closed windows while edits are unsaved.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const save = async () => {
    builderStore.getState().revealAll();
    if (!validation.ok || issues.length > 0) return;
    setSaving(true);
    setSaveError(null);
    try {
      const agent = await agentsStore.getState().save(validation.definition, creating ? 'create' : 'update');
      loaded(agent, tab);
      setSavedVersion(agent.version);
    } catch (error) {
      setSaveError(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  const leave = () => (dirty ? setConfirmLeave(true) : close());

  return (
    <div data-testid="agent-builder" data-mode={creating ? 'create' : 'edit'} className="space-y-4">
      <div className="sticky top-0 z-10 -mx-2 flex flex-wrap items-center gap-3 rounded-xl bg-zinc-50/95 px-2 py-2 backdrop-blur dark:bg-zinc-950/90">
        <Button variant="ghost" data-testid="builder-back" onClick={leave}>
          ← Agents
        </Button>
        <AgentAvatar symbol={draft.symbol} colour={draft.colour} name={draft.name} />
        <h2 className="min-w-0 flex-1 truncate text-base font-semibold text-zinc-900 dark:text-zinc-100">
          {draft.name.trim() || (creating ? 'New agent' : draft.id)}
          {dirty && (
            <span data-testid="builder-dirty" className="ml-2 text-xs font-normal text-amber-700 dark:text-amber-400">
              unsaved changes
            </span>
          )}
        </h2>
        {version !== null && savedVersion === version && !dirty && (
          <span data-testid="builder-saved" className="text-xs text-emerald-700 dark:text-emerald-400">
            Saved as version {version}
          </span>
        )}
        {version !== null && (savedVersion !== version || dirty) && (
          <span data-testid="builder-version" className="text-xs text-zinc-500">
            version {version}
          </span>
        )}
        <Button variant="primary" data-testid="builder-save" disabled={!canSave} onClick={() => void save()}>
          {saving ? 'Saving…' : creating ? 'Create agent' : 'Save changes'}
        </Button>
      </div>

      {!creating && (
        <div
          role="tablist"
          aria-label="Agent sections"
          className="flex gap-1 border-b border-zinc-200 dark:border-zinc-800"
        >
          {TABS.map(([id, label]) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={tab === id}
              data-testid={`builder-tab-${id}`}
              className={cx(
                '-mb-px border-b-2 px-3 py-1.5 text-sm',
                tab === id
                  ? 'border-emerald-600 font-medium text-zinc-900 dark:text-zinc-100'
                  : 'border-transparent text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200',
              )}
              onClick={() => setTab(id)}
            >
              {label}
            </button>
          ))}
        </div>
      )}

      {saveError && (
        <Banner
          level="error"
          title="The agent was not saved"
          data-testid="builder-save-error"
          onDismiss={() => setSaveError(null)}
        >
          {saveError}
        </Banner>
      )}

      {tab === 'history' && agentId && <HistoryPanel agentId={agentId} dirty={dirty} />}
      {tab === 'audit' && agentId && <AuditPanel agentId={agentId} />}
      {tab === 'settings' && (
        <FieldIssuesContext value={{ issues, touched, showAll }}>
          <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]">
            <div className="space-y-4" data-testid="agent-form">
              <ProblemList issues={issues} />
              <IdentitySection creating={creating} />
              <PromptSection />
              <ModelSection />
              <ToolsSection agentId={agentId} />
              <MemorySection />
              <KnowledgeSection />
              {draft.kind === 'team' && <TeamSection />}
              <EscalationSection />
            </div>
            <PreviewPanel validation={validation} />
          </div>
        </FieldIssuesContext>
      )}

      <ConfirmDialog
        open={confirmLeave}
        title="Discard unsaved changes?"
        confirmLabel="Discard changes"
        cancelLabel="Keep editing"
        destructive
        onCancel={() => setConfirmLeave(false)}
        onConfirm={() => {
          setConfirmLeave(false);
          close();
        }}
      >
        Your edits to {draft.name.trim() || 'this agent'} have not been saved and will be lost.
      </ConfirmDialog>
    </div>
  );
}
