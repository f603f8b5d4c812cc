/** Words for the Knowledge screen: file statuses and reasons, indexing progress, source paths. */
import type { BadgeTone } from '../../components/Badge';
import type { Citation, KnowledgeFile, KnowledgeFileReason, KnowledgeProgress } from '@contract';
import { formatCount, formatDuration } from '../../lib/format';

const REASONS: Record<KnowledgeFileReason, string> = {
  encrypted: 'encrypted (password-protected)',
  corrupt: 'corrupt or unreadable file',
  too_large: 'too large',
  no_text: 'no text (OCR not supported)',
  permission_denied: 'permission denied',
  unreadable: 'could not be read',
  unsupported: 'format not supported',
  outside_grant: 'links outside a granted folder',
  file_cap: 'over the files-per-base limit',
  chunk_cap: 'over the total passages limit',
};

export function reasonText(reason: KnowledgeFileReason | null): string {
  return reason ? REASONS[reason] : '';
}

export const STATUS_TONES: Record<KnowledgeFile['status'], BadgeTone> = {
  pending: 'accent',
  indexed: 'success',
  skipped: 'neutral',
  failed: 'danger',
};

/** "indexed · 12 passages · 3 pages", "failed · no text (OCR not supported)". */
export function fileSummary(file: KnowledgeFile): string {
  if (file.status === 'indexed') {
    const parts = [`${formatCount(file.chunks)} passage${file.chunks === 1 ? '' : 's'}`];
    if (file.pages !== null) parts.push(`${file.pages} page${file.pages === 1 ? '' : 's'}`);
    return parts.join(' · ');
  }
  if (file.status === 'pending') return 'waiting to be indexed';
  return [reasonText(file.reason), file.detail].filter(Boolean).join(': ');
}

export function isBusy(progress: KnowledgeProgress): boolean {
  return progress.state === 'scanning' || progress.state === 'indexing';
}

/** One line for a base's indexing: what it is doing, how far, and roughly how long is left. */
export function progressLine(progress: KnowledgeProgress): string {
  const files = `${formatCount(progress.filesDone)} / ${formatCount(progress.filesTotal)} files`;
  const chunks = `${formatCount(progress.chunks)} passages`;
  switch (progress.state) {
    case 'scanning':
      return 'Looking for new and changed files…';
    case 'indexing': {
      const parts = [`Indexing ${files}`, chunks];
      if (progress.currentFile) parts.push(fileNameOf(progress.currentFile));
      if (progress.etaMs !== null) parts.push(`about ${formatDuration(progress.etaMs)} left`);
      return parts.join(' · ');
    }
    case 'paused':
      return `Paused · ${files} · ${chunks}`;
    case 'idle':
      return progress.unembedded > 0
        ? `${files} · ${chunks} · ${formatCount(progress.unembedded)} waiting for meaning search`
        : `Up to date · ${files} · ${chunks}`;
  }
}

/** 0..1 for the progress bar; a scan has no known total yet. */
export function progressFraction(progress: KnowledgeProgress): number {
  if (progress.filesTotal === 0) return progress.state === 'idle' ? 1 : 0;
  return progress.filesDone / progress.filesTotal;
}

export function fileNameOf(filePath: string): string {
  const parts = filePath.split(/[\\/]/);
  return parts[parts.length - 1] || filePath;
}

/** The file's path below its source folder when it has one ("docs/guide.pdf"), else the whole path. */
export function relativeTo(filePath: string, folders: readonly string[]): string {
  for (const folder of folders) {
    const prefix = folder.endsWith('/') || folder.endsWith('\\') ? folder : `${folder}/`;
    if (filePath.startsWith(prefix)) return filePath.slice(prefix.length);
  }
  return filePath;
}

/** The folder to grant so a source can be added: the folder itself, or a file's parent folder. */
export function folderToGrant(kind: 'folder' | 'file', sourcePath: string): string {
  if (kind === 'folder') return sourcePath;
  const cut = Math.max(sourcePath.lastIndexOf('/'), sourcePath.lastIndexOf('\\'));
  return cut > 0 ? sourcePath.slice(0, cut) : sourcePath;
}

/** "a, b" or "a\nb" → ["a", "b"]: glob lists typed in one box. */
export function parseGlobs(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((g) => g.trim())
    .filter((g) => g !== '');
}

/** Where in its document a citation points: "page 2", "Setup › Install", or nothing. */
export function whereText(location: { page: number | null; heading: string }): string {
  if (location.page !== null) return `page ${location.page}`;
  return location.heading;
}

export function citationLabel(citation: Citation): string {
  const where = whereText(citation);
  return where ? `${citation.fileName}, ${where}` : citation.fileName;
}
