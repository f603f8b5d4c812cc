import type { ModelSample } from '@contract';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { formatBytes, formatCount } from '../../lib/format';
import { predictionSummary } from '../../lib/predictions';
import { monitoringStore, useMonitoringStore } from './monitoringStore';

const STATE: Record<ModelSample['state'], { label: string; tone: BadgeTone }> = {
  loaded: { label: 'Loaded', tone: 'success' },
  generating: { label: 'Generating', tone: 'accent' },
  restarting: { label: 'Restarting', tone: 'warning' },
};

const th = 'px-3 py-2 text-left text-xs font-medium text-zinc-500 dark:text-zinc-400';
const td = 'px-3 py-2 text-sm tabular-nums text-zinc-800 dark:text-zinc-200';

/** Each loaded model's share of memory (from its load estimate) with an unload button. */
export function ModelMemoryTable() {
  const models = useMonitoringStore((s) => s.sample?.models ?? null);
  const vramReported = useMonitoringStore((s) => s.sample?.gpu.state === 'reported');
  const workerRss = useMonitoringStore((s) => s.sample?.processes.find((p) => p.role === 'worker')?.rssBytes ?? null);
  const acting = useMonitoringStore((s) => s.acting);
  const actionError = useMonitoringStore((s) => s.actionError);

  return (
    <Card
      title="Loaded models"
      description={
        workerRss !== null
          ? `The inference worker holds ${formatBytes(workerRss)} in RAM right now; shares below are load estimates.`
          : 'Memory per model, from its load estimate.'
      }
      data-testid="model-memory"
    >
      {actionError && (
        <p className="mb-3 text-sm text-red-600 dark:text-red-400" data-testid="model-memory-error">
          {actionError}
        </p>
      )}
      {!models || models.length === 0 ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="model-memory-empty">
          No model is loaded. Load one on the Models screen; its memory appears here.
        </p>
      ) : (
        <div className="-mx-3 overflow-x-auto">
          <table className="w-full">
            <thead>
              <tr>
                <th className={th}>Model</th>
                <th className={th}>State</th>
                <th className={th}>RAM</th>
                <th className={th}>VRAM</th>
                <th className={th}>Context</th>
                <th className={th}>Busy</th>
                <th className={th}>Speculative</th>
                <th className={th}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {models.map((m) => (
                <tr key={m.modelId} data-testid="model-memory-row" data-model-id={m.modelId} data-state={m.state}>
                  <td className={`${td} max-w-64 truncate font-medium`} title={m.modelId}>
                    {m.modelId}
                  </td>
                  <td className={td}>
                    <Badge tone={STATE[m.state].tone}>{STATE[m.state].label}</Badge>
                  </td>
                  {m.state === 'restarting' ? (
                    <td className={`${td} text-zinc-500`} colSpan={5}>
                      Restarting — numbers return when the worker is back
                    </td>
                  ) : (
                    <>
                      <td className={td} data-testid="model-memory-ram">
                        {formatBytes(m.ramBytes)}
                      </td>
                      <td className={td} data-testid="model-memory-vram">
                        {vramReported
                          ? formatBytes(m.vramBytes)
                          : m.vramBytes > 0
                            ? formatBytes(m.vramBytes)
                            : 'CPU only'}
                      </td>
                      <td className={td}>{formatCount(m.contextSize)} tokens</td>
                      <td className={td}>
                        {m.busySequences} / {m.parallelSequences}
                      </td>
                      <td className={td} data-testid="model-memory-speculative">
                        {m.predictions ? (predictionSummary(m.predictions) ?? 'on, nothing predicted yet') : 'off'}
                      </td>
                    </>
                  )}
                  <td className={`${td} text-right`}>
                    <Button
                      variant="ghostDanger"
                      data-testid="model-memory-unload"
                      disabled={acting !== null}
                      onClick={() =>
                        void monitoringStore.getState().runAction({ kind: 'unloadModel', modelId: m.modelId })
                      }
                    >
                      {acting === m.modelId ? 'Unloading…' : 'Unload'}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
