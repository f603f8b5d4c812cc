import { useState, type FormEvent, type ReactNode } from 'react';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { Select } from '../../components/Field';
import { TextInput } from '../../components/TextInput';
import { formatCount, formatDuration, formatRate } from '../../lib/format';
import { useModelsStore } from '../../stores/modelsStore';
import { usePromptStore } from '../../stores/promptStore';
import { causeTitle, FINISH_TEXT } from './modelText';

const DEFAULT_MAX_TOKENS = '64';

function parseMaxTokens(text: string): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const value = Number(text);
  return value >= 1 && value <= 4096 ? value : null;
}

/** Sends one prompt to a loaded model and streams the answer: proof that generation works end to end. */
export function TestPromptCard() {
  const loaded = useModelsStore((s) => s.loaded);
  const models = useModelsStore((s) => s.models);
  const status = usePromptStore((s) => s.status);
  const send = usePromptStore((s) => s.send);
  const stop = usePromptStore((s) => s.stop);
  const [chosen, setChosen] = useState<string | null>(null);
  const [prompt, setPrompt] = useState('Write one sentence about mountains.');
  const [maxTokens, setMaxTokens] = useState(DEFAULT_MAX_TOKENS);
  const modelId = loaded.some((m) => m.modelId === chosen) ? chosen : (loaded[0]?.modelId ?? null);
  const running = status === 'running' || status === 'stopping';
  const max = parseMaxTokens(maxTokens);
  const nameOf = (id: string) => models.find((m) => m.id === id)?.fileName ?? id;

  const submit = (e: Pick<FormEvent, 'preventDefault'>) => {
    e.preventDefault();
    if (modelId && max !== null && prompt.trim() !== '' && !running) void send(modelId, prompt, max);
  };

  return (
    <Card
      title="Test prompt"
      description="One message to a loaded model, streamed as it is generated. Chats with agents come later."
      data-testid="models-test-prompt"
    >
      {loaded.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">Load a model to try a prompt.</p>
      ) : (
        <form onSubmit={submit} className="space-y-3">
          <div className="flex flex-wrap items-end gap-3">
            <label className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
              Model
              <Select
                data-testid="prompt-model"
                className="mt-1 block max-w-72"
                value={modelId ?? ''}
                onChange={(e) => setChosen(e.target.value)}
              >
                {loaded.map((m) => (
                  <option key={m.modelId} value={m.modelId}>
                    {nameOf(m.modelId)}
                  </option>
                ))}
              </Select>
            </label>
            <label className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
              Max tokens
              <TextInput
                data-testid="prompt-maxTokens"
                inputMode="numeric"
                className="mt-1 block w-24"
                value={maxTokens}
                invalid={max === null}
                onChange={(e) => setMaxTokens(e.target.value)}
              />
            </label>
            {max === null && <p className="pb-2 text-xs text-red-600 dark:text-red-400">1–4,096</p>}
          </div>
          <textarea
            data-testid="prompt-input"
            aria-label="Prompt"
            rows={3}
            value={prompt}
            onChange={(e) => setPrompt(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) submit(e);
            }}
            className="block w-full resize-y rounded-md border border-zinc-300 bg-white px-2.5 py-2 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-emerald-500 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-100"
          />
          <div className="flex items-center gap-2">
            <Button
              type="submit"
              variant="primary"
              data-testid="prompt-send"
              disabled={running || max === null || prompt.trim() === ''}
            >
              {running ? 'Generating…' : 'Send'}
            </Button>
            <Button data-testid="prompt-stop" disabled={status !== 'running'} onClick={() => void stop()}>
              {status === 'stopping' ? 'Stopping…' : 'Stop'}
            </Button>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">Ctrl+Enter sends</span>
          </div>
          <PromptOutput />
          <PromptMetrics />
        </form>
      )}
    </Card>
  );
}

/** Subscribes to the streamed text alone, so a token re-renders only this block. */
function PromptOutput() {
  const text = usePromptStore((s) => s.text);
  const status = usePromptStore((s) => s.status);
  const error = usePromptStore((s) => s.error);
  const tokens = usePromptStore((s) => s.tokens);
  if (status === 'idle') return null;
  return (
    <div className="space-y-2">
      <pre
        data-testid="prompt-output"
        data-status={status}
        aria-live="off"
        aria-busy={status === 'running'}
        className="max-h-64 min-h-16 overflow-y-auto rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2 font-mono text-[0.8125rem] leading-relaxed break-words whitespace-pre-wrap text-zinc-800 dark:border-zinc-800 dark:bg-zinc-950/60 dark:text-zinc-200"
      >
        {text}
        {status === 'running' && (
          <span className="ml-0.5 inline-block h-3.5 w-1.5 animate-pulse bg-emerald-500 align-middle" />
        )}
      </pre>
      <p className="text-xs text-zinc-500 dark:text-zinc-400" aria-live="polite">
        {status === 'running' && `Generating… ${tokens} tokens so far`}
        {status === 'stopping' && 'Stopping…'}
        {status === 'stopped' && 'Stopped.'}
        {status === 'done' && 'Done.'}
      </p>
      {error && (
        <Banner level="error" title={causeTitle(error) ?? 'Generation failed'} data-testid="prompt-error">
          {error.message}
        </Banner>
      )}
    </div>
  );
}

function Metric({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-[0.6875rem] font-medium tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 text-sm text-zinc-800 tabular-nums dark:text-zinc-200">{children}</dd>
    </div>
  );
}

function PromptMetrics() {
  const result = usePromptStore((s) => s.result);
  if (!result) return null;
  const m = result.metrics;
  return (
    <dl
      data-testid="prompt-metrics"
      data-finish={result.finishReason}
      className="grid grid-cols-3 gap-3 rounded-lg bg-zinc-50 p-3 ring-1 ring-zinc-100 sm:grid-cols-6 dark:bg-zinc-950/50 dark:ring-zinc-800"
    >
      <Metric label="First token">{formatDuration(m.ttftMs)}</Metric>
      <Metric label="Prompt">{formatRate(m.promptTokensPerSecond)}</Metric>
      <Metric label="Generation">{formatRate(m.generationTokensPerSecond)}</Metric>
      <Metric label="Tokens in">{formatCount(m.promptTokens)}</Metric>
      <Metric label="Tokens out">{formatCount(m.completionTokens)}</Metric>
      <Metric label="Total">
        {formatDuration(m.totalMs)} · {FINISH_TEXT[result.finishReason]}
      </Metric>
    </dl>
  );
}
