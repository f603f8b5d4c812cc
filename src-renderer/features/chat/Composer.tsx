import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../components/Button';
import { Checkbox } from '../../components/TextInput';
import { cx } from '../../components/cx';
import { SendIcon, StopIcon } from './chatIcons';

export interface ComposerProps {
  /** A reply is being written: the send button becomes Stop. */
  running: boolean;
  stopping: boolean;
  /** Sending is not possible (no agent, model missing…); the reason is shown elsewhere. */
  disabled: boolean;
  /** Whether the agent has tools, so "require a tool call" means something. */
  hasTools: boolean;
  agentName: string;
  /** Resolves true when the message was accepted; on false the text is put back. */
  onSend(text: string, toolChoice: 'auto' | 'required'): Promise<boolean>;
  onStop(): void;
  /** Text to place in the box (a starter prompt); `seq` changes per request; `append` keeps what is typed. */
  fill: { text: string; seq: number; append?: boolean } | null;
  /** Files dropped onto the composer (indexed for this conversation); absent: dropping does nothing. */
  onDropFiles?: (files: File[]) => void;
}

/** Enter sends, Shift+Enter adds a line, Esc stops a running reply (also when focus is elsewhere on the screen). */
export function Composer({
  running,
  stopping,
  disabled,
  hasTools,
  agentName,
  onSend,
  onStop,
  fill,
  onDropFiles,
}: ComposerProps) {
  const [text, setText] = useState('');
  const [dragging, setDragging] = useState(false);
  const [requireTool, setRequireTool] = useState(false);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const toggleId = useId();

  // A new starter prompt replaces the text (adjusting state during render, as React recommends).
  const [seenFill, setSeenFill] = useState(fill);
  if (fill !== seenFill) {
    setSeenFill(fill);
    if (fill) setText((current) => (fill.append && current.trim() ? `${current}\n\n${fill.text}` : fill.text));
  }
  useEffect(() => {
    if (fill) inputRef.current?.focus();
  }, [fill]);

  useEffect(() => {
    if (!running) return;
    const onKey = (e: KeyboardEvent) => {
      // A dialog's Escape belongs to the dialog.
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      onStop();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [running, onStop]);

  useEffect(() => {
    const el = inputRef.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 240)}px`;
  }, [text]);

  const submit = async () => {
    const message = text.trim();
    if (!message || running || disabled) return;
    setText('');
    const accepted = await onSend(message, hasTools && requireTool ? 'required' : 'auto');
    if (!accepted) setText((current) => current || message);
    inputRef.current?.focus();
  };

  return (
    <form
      className="mx-auto w-full max-w-3xl"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div
        data-testid="chat-composer"
        data-dragging={dragging || undefined}
        onDragOver={(e) => {
          if (!onDropFiles || disabled || !e.dataTransfer.types.includes('Files')) return;
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          setDragging(false);
          if (!onDropFiles || disabled) return;
          const files = Array.from(e.dataTransfer.files);
          if (files.length === 0) return;
          e.preventDefault();
          onDropFiles(files);
        }}
        className={cx(
          'flex items-end gap-2 rounded-xl border bg-white p-2 shadow-sm dark:bg-zinc-900',
          dragging
            ? 'border-emerald-500 ring-2 ring-emerald-500/40'
            : 'border-zinc-300 focus-within:border-emerald-500 dark:border-zinc-700',
        )}
      >
        <label htmlFor="chat-composer" className="sr-only">
          Message {agentName}
        </label>
        <textarea
          id="chat-composer"
          ref={inputRef}
          data-testid="chat-input"
          rows={1}
          value={text}
          disabled={disabled}
          placeholder={
            disabled
              ? 'This agent can’t answer right now'
              : `Message ${agentName} (Enter to send, Shift+Enter for a new line${onDropFiles ? ', drop files to ask about them' : ''})`
          }
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void submit();
            }
          }}
          className="max-h-60 min-h-9 flex-1 resize-none bg-transparent px-2 py-1.5 text-sm outline-none placeholder:text-zinc-400 disabled:cursor-not-allowed"
        />
        {running ? (
          <Button
            variant="secondary"
            data-testid="chat-stop"
            onClick={onStop}
            disabled={stopping}
            aria-keyshortcuts="Escape"
          >
            <StopIcon size={14} /> {stopping ? 'Stopping…' : 'Stop'}
          </Button>
        ) : (
          <Button type="submit" variant="primary" data-testid="chat-send" disabled={disabled || !text.trim()}>
            <SendIcon size={14} /> Send
          </Button>
        )}
      </div>
      {hasTools && (
        <div className="mt-1.5 flex items-center gap-2 px-1 text-xs text-zinc-600 dark:text-zinc-400">
          <Checkbox
            id={toggleId}
            data-testid="require-tool"
            checked={requireTool}
            onChange={(e) => setRequireTool(e.target.checked)}
          />
          <label htmlFor={toggleId}>
            Require a tool call in the first step (helps small models that rarely call tools)
          </label>
        </div>
      )}
    </form>
  );
}
