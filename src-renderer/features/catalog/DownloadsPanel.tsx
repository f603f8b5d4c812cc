import { useCallback, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Download } from '@contract';
import { Card } from '../../components/Card';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatBytes } from '../../lib/format';
import { useCatalogStore } from '../../stores/catalogStore';
import { visibleDownloadIds } from '../../stores/downloadsState';
import { useDownloadsStore } from '../../stores/downloadsStore';
import { DownloadRow } from './DownloadRow';

export const DOWNLOADS_PANEL_ID = 'catalog-downloads';

/** Open downloads and this session's finished ones; hidden while there are none. */
export function DownloadsPanel() {
  const ids = useDownloadsStore(useShallow(visibleDownloadIds));
  const listError = useDownloadsStore((s) => s.listError);
  const cancel = useDownloadsStore((s) => s.cancel);
  const models = useCatalogStore((s) => s.view?.models);
  const [confirming, setConfirming] = useState<Download | null>(null);

  const describe = useCallback(
    (download: Download) => {
      const entry = models?.find((m) => m.id === download.modelId);
      const variant = entry?.variants.find((v) => v.id === download.variantId);
      return entry && variant
        ? `${entry.name} · ${variant.quantization}`
        : `${download.modelId} · ${download.variantId}`;
    },
    [models],
  );

  if (ids.length === 0 && !listError) return null;
  return (
    <Card
      id={DOWNLOADS_PANEL_ID}
      title="Downloads"
      description="Downloads resume where they stopped, also after Outpost restarts. Each file is verified before it is installed."
      data-testid="downloads-panel"
      className="scroll-mt-4"
    >
      {listError && (
        <p role="alert" className="mb-3 text-sm text-red-700 dark:text-red-400">
          Could not read the downloads: {listError.message}
        </p>
      )}
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {ids.map((id) => (
          <DownloadRow key={id} id={id} describe={describe} onCancel={setConfirming} />
        ))}
      </ul>
      <ConfirmDialog
        open={confirming !== null}
        title={confirming?.state === 'failed' ? 'Discard this download?' : 'Cancel this download?'}
        confirmLabel={confirming?.state === 'failed' ? 'Discard download' : 'Cancel download'}
        cancelLabel="Keep it"
        destructive
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          if (confirming) void cancel(confirming.id);
          setConfirming(null);
        }}
      >
        {confirming && (
          <>
            <span className="font-mono text-[0.8125rem]">{confirming.fileName}</span> stops downloading
            {confirming.receivedBytes > 0
              ? ` and the ${formatBytes(confirming.receivedBytes)} received so far are deleted.`
              : '.'}{' '}
            You can start it again from its card.
          </>
        )}
      </ConfirmDialog>
    </Card>
  );
}
