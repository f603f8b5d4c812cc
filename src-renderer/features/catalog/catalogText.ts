/** Words the Catalog screen shows, as pure functions so they are tested once and read the same everywhere. */
import type { CatalogVariant, Download, FitEstimate, FitVerdict, Purpose } from '@contract';
import type { BadgeTone } from '../../components/Badge';
import type { ShownError } from '../../lib/errors';
import { formatBytes, formatCount } from '../../lib/format';
import { variantSizeBytes } from '../../stores/catalogState';

export const PURPOSE_LABELS: Record<Purpose, string> = {
  routing: 'Routing',
  chat: 'Chat',
  coding: 'Coding',
  reasoning: 'Reasoning',
  embedding: 'Embeddings',
  reranking: 'Reranking',
};

export function verdictLabel(fit: Pick<FitEstimate, 'verdict' | 'gpuLayers'>): string {
  switch (fit.verdict) {
    case 'gpu':
      return 'Runs on GPU';
    case 'partial':
      return `Partial GPU offload (${fit.gpuLayers} ${fit.gpuLayers === 1 ? 'layer' : 'layers'})`;
    case 'cpu':
      return 'CPU only';
    case 'no':
      return "Won't fit";
  }
}

export const VERDICT_TONES: Record<FitVerdict, BadgeTone> = {
  gpu: 'success',
  partial: 'accent',
  cpu: 'neutral',
  no: 'danger',
};

/** "About 1.10 GiB RAM + 2.00 GiB VRAM at 4,096 tokens of context". */
export function fitMemoryText(fit: FitEstimate): string {
  const vram = fit.vramBytes > 0 ? ` + ${formatBytes(fit.vramBytes)} VRAM` : '';
  return `About ${formatBytes(fit.ramBytes)} RAM${vram} at ${formatCount(fit.contextSize)} tokens of context`;
}

/** Headroom left after loading, or how much is missing. */
export function headroomText(fit: Pick<FitEstimate, 'headroomBytes' | 'verdict'>): string {
  const where = fit.verdict === 'gpu' ? 'VRAM' : 'RAM';
  return fit.headroomBytes >= 0
    ? `${formatBytes(fit.headroomBytes)} ${where} to spare`
    : `${formatBytes(-fit.headroomBytes)} short`;
}

export const METHOD_LABELS: Record<FitEstimate['method'], string> = {
  insights: 'estimate from file',
  formula: 'formula',
};

export const METHOD_HINTS: Record<FitEstimate['method'], string> = {
  insights: 'Measured by llama.cpp from the file already on disk',
  formula: 'Worked out from the file size and the model shape, before downloading',
};

/** Parts of the core's fit note that a badge or the method label already say. */
const NOTES_SHOWN_ELSEWHERE = new Set(['approximate size', "node-llama-cpp's estimate for the file on disk"]);

/** The fit note as a sentence, without what the card already shows; null when nothing is left. */
export function fitNoteText(note: string | null): string | null {
  const parts = (note ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '' && !NOTES_SHOWN_ELSEWHERE.has(part));
  if (parts.length === 0) return null;
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** Why Download is held back, or null when nothing stands in the way. */
export function downloadBlockReason(fit: FitEstimate | null): string | null {
  if (fit?.verdict !== 'no') return null;
  return (
    `Won't fit this machine: it needs about ${formatBytes(fit.ramBytes)} of memory, ` +
    `${formatBytes(-fit.headroomBytes)} more than it can spare. Pick a smaller variant.`
  );
}

/** "469 MiB", or "~396 MiB" when the catalog only knows the size roughly. */
export function variantSizeText(variant: CatalogVariant): string {
  const approximate = variant.files.some((f) => !f.sizeVerified) ? '~' : '';
  return `${approximate}${formatBytes(variantSizeBytes(variant))}`;
}

/** One line per variant in the picker: "Q4_K_M · 469 MiB · CPU only · recommended". */
export function variantOptionLabel(
  variant: CatalogVariant,
  fit: FitEstimate | null,
  flags: { recommended: boolean; installed: boolean },
): string {
  const parts = [variant.quantization, variantSizeText(variant)];
  if (fit) parts.push(verdictLabel(fit));
  if (flags.recommended) parts.push('recommended');
  if (flags.installed) parts.push('installed');
  return parts.join(' · ');
}

export function formatSpeed(bytesPerSecond: number | null): string | null {
  if (bytesPerSecond === null || !Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return null;
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** "12 s left", "about 4 min left", "about 1 h 5 min left"; null when unknown. */
export function formatEta(seconds: number | null): string | null {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return null;
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const rest = minutes % 60;
  return `about ${Math.floor(minutes / 60)} h${rest > 0 ? ` ${rest} min` : ''} left`;
}

/** "100 MiB of 400 MiB", or just what arrived when the total is unknown. */
export function receivedText(download: Pick<Download, 'receivedBytes' | 'totalBytes'>): string {
  const received = formatBytes(download.receivedBytes);
  return download.totalBytes === null ? received : `${received} of ${formatBytes(download.totalBytes)}`;
}

export const DOWNLOAD_STATE_LABELS: Record<Download['state'], string> = {
  queued: 'Waiting',
  downloading: 'Downloading',
  paused: 'Paused',
  verifying: 'Verifying',
  done: 'Installed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const DOWNLOAD_STATE_TONES: Record<Download['state'], BadgeTone> = {
  queued: 'neutral',
  downloading: 'accent',
  paused: 'warning',
  verifying: 'accent',
  done: 'success',
  failed: 'danger',
  cancelled: 'neutral',
};

/** The one status line of a download row, e.g. "100 MiB of 400 MiB · 2.00 MiB/s · about 3 min left". */
export function downloadStatusLine(download: Download): string {
  const parts = [receivedText(download)];
  if (download.state === 'downloading') {
    const speed = formatSpeed(download.bytesPerSecond);
    const eta = formatEta(download.etaSeconds);
    if (speed) parts.push(speed);
    if (eta) parts.push(eta);
    if (!speed && !eta) parts.push('starting…');
  } else if (download.state === 'queued') parts.push('waiting for a free slot');
  else if (download.state === 'verifying') parts.push('checking the file…');
  else if (download.state === 'paused') parts.push('paused; the bytes so far are kept');
  return parts.join(' · ');
}

export function verifiedByText(verifiedBy: Download['verifiedBy']): string {
  switch (verifiedBy) {
    case 'sha256':
      return 'SHA-256 verified';
    case 'size-and-header':
      return 'Checked by size and GGUF header (no published checksum)';
    case null:
      return 'Not verified: this file has no checksum and no header check';
  }
}

export const UNVERIFIED_CHECKSUM_HINT =
  'No SHA-256 was published for this file. After the download it is checked by its size and its GGUF header instead.';
export const APPROXIMATE_SIZE_HINT =
  'The size is rounded from the model card; the exact size is known once downloading.';

/** Headline and detail for a failed Hugging Face search; being offline is normal here, not an error. */
export function searchFailureText(error: ShownError): { title: string; detail: string; calm: boolean } {
  if (error.code === 'unavailable' && /could not be reached|offline/i.test(error.message)) {
    return {
      title: "You're offline — the curated catalog works without a connection",
      detail: error.message,
      calm: true,
    };
  }
  if (error.code === 'unavailable') {
    return { title: 'Hugging Face search is unavailable right now', detail: error.message, calm: true };
  }
  if (error.code === 'aborted') return { title: 'Search stopped', detail: error.message, calm: true };
  if (error.code === 'offline') return { title: 'Offline mode is on', detail: error.message, calm: true };
  return { title: 'The search failed', detail: error.message, calm: false };
}
