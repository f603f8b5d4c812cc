import { useState, type KeyboardEvent } from 'react';
import type { AgentDefinition, ValidationIssue } from '@contract';
import { Button } from '../../../components/Button';
import { cx } from '../../../components/cx';
import { Markdown } from '../../chat/LazyMarkdown';
import { PreviewToolCard } from './PreviewToolCard';
import type { PreviewEntry } from './previewTranscript';
import { usePreview } from './usePreview';

type Validation = { ok: true; definition: AgentDefinition } | { ok: false; issues: ValidationIssue[] };

/** Talks to the draft as it is now, saved or not; each message uses the form's current settings. */
export function PreviewPanel({ validation }: { validation: Validation }) {
  const preview = usePreview();
  const [text, setText] = useState('');
  const [requireTool, setRequireTool] = useState(false);
  const streaming = preview.state.activeTurn !== null;
  const canSend = validation.ok && !streaming && text.trim() !== '';

  const send = () => {
    if (!validation.ok || !canSend) return;
    void preview.send(validation.definition, text.trim(), requireTool ? 'required' : 'auto');
    setText('');
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      send();
    } else if (e.key === 'Escape' && streaming) {
      void preview.stop();
    }
  };

  return (
    <aside
      data-testid="agent-preview"
      aria-label="Live preview"
      className="flex max-h-[calc(100vh-8rem)] flex-col rounded-xl border border-zinc-200 bg-white lg:sticky lg:top-14 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <header className="flex items-center justify-between border-b border-zinc-100 px-4 py-2.5 dark:border-zinc-800">
        <div>
          <h3 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">Live preview</h3>
          <p className="text-xs text-zinc-500">Uses the unsaved draft; nothing is stored.</p>
        </div>
        <Button
          variant="ghost"
          data-testid="preview-reset"
          disabled={preview.state.entries.length === 0}
          onClick={preview.reset}
        >
          Clear
        </Button>
      </header>
      <div className="min-h-40 flex-1 space-y-3 overflow-y-auto px-4 py-3" data-testid="preview-transcript">
        {preview.state.entries.length === 0 && (
          <p className="text-xs text-zinc-500">Send a message to try the agent before saving it.</p>
        )}
        {preview.state.entries.map((entry, index) => (
          <PreviewMessage key={index} entry={entry} onRespond={preview.respond} />
        ))}
      </div>
      <footer className="border-t border-zinc-100 p-3 dark:border-zinc-800">
        {!validation.ok && (
          <p className="mb-2 text-xs text-amber-700 dark:text-amber-400" data-testid="preview-blocked">
            Fix the form’s problems to preview the agent.
          </p>
        )}
        {preview.actionError && (
          <p role="alert" className="mb-2 text-xs text-red-600 dark:text-red-400">
            {preview.actionError}
          </p>
        )}
        <textarea
          data-testid="preview-input"
          aria-label="Message to the preview"
          rows={2}
          className="w-full resize-none rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-800"
          placeholder="Message… (Enter to send, Shift+Enter for a new line)"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKey}
        />
        <div className="mt-2 flex items-center justify-end gap-2">
          <label className="mr-auto flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
            <input
              type="checkbox"
              data-testid="preview-require-tool"
              checked={requireTool}
              onChange={(e) => setRequireTool(e.target.checked)}
            />
            Require a tool call
          </label>
          {streaming && (
            <Button data-testid="preview-stop" onClick={() => void preview.stop()}>
              Stop
            </Button>
          )}
          <Button variant="primary" data-testid="preview-send" disabled={!canSend} onClick={send}>
            Send
          </Button>
        </div>
      </footer>
    </aside>
  );
}

function PreviewMessage({
  entry,
  onRespond,
}: {
  entry: PreviewEntry;
  onRespond(callId: string, d: 'approve' | 'deny'): void;
}) {
  if (entry.role === 'user') {
    return (
      <div
        className="ml-6 rounded-lg bg-emerald-50 px-3 py-2 text-sm whitespace-pre-wrap dark:bg-emerald-950/50"
        data-testid="preview-user"
      >
        {entry.text}
      </div>
    );
  }
  return (
    <div className="mr-2 space-y-2 text-sm" data-testid="preview-reply" data-status={entry.status}>
      {entry.routedTo && <p className="text-xs text-zinc-500">Answered by {entry.routedTo}</p>}
      {entry.toolCalls.map((call) => (
        <PreviewToolCard key={call.callId} call={call} onRespond={onRespond} />
      ))}
      {entry.text !== '' && (
        <div className="rounded-lg bg-zinc-100 px-3 py-2 dark:bg-zinc-800" data-testid="preview-reply-text">
          <Markdown text={entry.text} />
        </div>
      )}
      {entry.status === 'streaming' && entry.text === '' && entry.toolCalls.length === 0 && (
        <p className="text-xs text-zinc-500">Thinking…</p>
      )}
      {entry.error && (
        <p
          role="alert"
          className={cx('text-xs', entry.status === 'error' ? 'text-red-600 dark:text-red-400' : 'text-amber-700')}
        >
          {entry.error}
        </p>
      )}
      {entry.status === 'stopped' && <p className="text-xs text-zinc-500">Stopped.</p>}
      {entry.status === 'done' && entry.tokensPerSecond !== null && (
        <p className="text-xs text-zinc-500" data-testid="preview-metrics">
          {entry.tokensPerSecond.toFixed(1)} tok/s
        </p>
      )}
    </div>
  );
}
