import { useModelsStore } from '../../stores/modelsStore';
import { engineSummary } from './modelText';

/** The llama.cpp build in use (patched/stock/local, backend, versions), as the inference worker reported it. */
export function EngineBuildInfo() {
  const engine = useModelsStore((s) => s.worker?.engine ?? null);
  const { title, detail } = engineSummary(engine);
  return (
    <div data-testid="engine-build" data-variant={engine?.variant ?? 'unknown'}>
      <p className="text-sm font-medium text-zinc-900 dark:text-zinc-100">{title}</p>
      <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{detail}</p>
    </div>
  );
}
