import type { CatalogView } from '@contract';
import { CpuIcon } from '../../components/icons';
import { formatGiB } from '../../lib/format';

/** One line about what the fit estimates are measured against: RAM and the GPU, if any. */
export function MachineStrip({ hardware }: { hardware: CatalogView['hardware'] }) {
  const { gpu } = hardware;
  return (
    <div
      data-testid="machine-strip"
      className="flex flex-wrap items-center gap-x-5 gap-y-1 rounded-lg border border-zinc-200 bg-white px-3.5 py-2 text-sm shadow-xs dark:border-zinc-800 dark:bg-zinc-900"
    >
      <span className="font-medium text-zinc-800 dark:text-zinc-200">This machine</span>
      <span className="text-zinc-600 dark:text-zinc-400" data-testid="machine-ram">
        RAM{' '}
        <strong className="font-medium text-zinc-900 dark:text-zinc-100">{formatGiB(hardware.totalRamBytes)}</strong>{' '}
        total · {formatGiB(hardware.freeRamBytes)} free now
      </span>
      <span className="flex items-center gap-1.5 text-zinc-600 dark:text-zinc-400" data-testid="machine-gpu">
        <CpuIcon size={14} />
        {gpu ? (
          <>
            <strong className="font-medium text-zinc-900 dark:text-zinc-100">{gpu.name}</strong>·{' '}
            {formatGiB(gpu.vramFreeBytes)} free of {formatGiB(gpu.vramTotalBytes)} VRAM
          </>
        ) : (
          'No GPU: CPU only'
        )}
      </span>
      <span className="ml-auto text-xs text-zinc-500 dark:text-zinc-400">
        Fit estimates use total RAM, so they don&apos;t change as apps open and close.
      </span>
    </div>
  );
}
