import type { CatalogEntry, CatalogVariant, FitEstimate } from '@contract';
import { Badge } from '../../components/Badge';
import { CheckIcon, WarningIcon } from '../../components/icons';
import {
  APPROXIMATE_SIZE_HINT,
  METHOD_HINTS,
  METHOD_LABELS,
  UNVERIFIED_CHECKSUM_HINT,
  VERDICT_TONES,
  fitMemoryText,
  fitNoteText,
  headroomText,
  verdictLabel,
} from './catalogText';

/** Badges about the chosen variant: recommended, installed, and what can't be promised about its file. */
export function VariantFlags({ entry, variant }: { entry: CatalogEntry; variant: CatalogVariant }) {
  const unverified = variant.files.some((f) => f.sha256 === null);
  const approximate = variant.files.some((f) => !f.sizeVerified);
  return (
    <div className="flex flex-wrap items-center gap-1.5" data-testid="variant-flags">
      {variant.id === entry.recommendedVariantId && (
        <span
          title="The finest quantization that fits this machine with room to spare"
          data-testid="variant-recommended"
        >
          <Badge tone="accent">Recommended</Badge>
        </span>
      )}
      {entry.installedVariantIds.includes(variant.id) && (
        <span data-testid="variant-installed">
          <Badge tone="success">
            <CheckIcon size={12} />
            Installed
          </Badge>
        </span>
      )}
      {unverified && (
        <span title={UNVERIFIED_CHECKSUM_HINT} data-testid="variant-unverified">
          <Badge tone="warning">
            <WarningIcon size={12} />
            Unverified checksum
          </Badge>
        </span>
      )}
      {approximate && (
        <span title={APPROXIMATE_SIZE_HINT} data-testid="variant-approximate">
          <Badge>Approximate size</Badge>
        </span>
      )}
    </div>
  );
}

/** "Will it fit?" for the chosen variant: verdict, memory at the context, headroom, how it was worked out. */
export function VariantFit({ fit, unverified }: { fit: FitEstimate | null; unverified: boolean }) {
  if (!fit) {
    return (
      <p data-testid="variant-fit" data-verdict="unknown" className="text-xs text-zinc-500 dark:text-zinc-400">
        No fit estimate for this variant.
      </p>
    );
  }
  const note = fitNoteText(fit.note);
  return (
    <div data-testid="variant-fit" data-verdict={fit.verdict} className="space-y-1 text-xs">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-zinc-600 dark:text-zinc-400">
        <Badge tone={VERDICT_TONES[fit.verdict]}>{verdictLabel(fit)}</Badge>
        <span>{fitMemoryText(fit)}</span>
        <span aria-hidden="true">·</span>
        <span
          data-testid="variant-headroom"
          className={fit.headroomBytes < 0 ? 'font-medium text-red-600 dark:text-red-400' : undefined}
        >
          {headroomText(fit)}
        </span>
        <span aria-hidden="true">·</span>
        <span title={METHOD_HINTS[fit.method]} data-testid="variant-method" className="underline decoration-dotted">
          {METHOD_LABELS[fit.method]}
        </span>
      </div>
      {note && <p className="text-zinc-500 dark:text-zinc-400">{note}</p>}
      {unverified && (
        <p className="text-amber-800 dark:text-amber-300/90">
          No published SHA-256: the file is verified after download by its size and GGUF header.
        </p>
      )}
    </div>
  );
}
