import type { ExportedFile } from '@contract';

/** Saves an export through the browser's download (a blob: link), so no file path crosses the bridge. */
export function downloadFile(file: ExportedFile): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once started; give it a moment before letting the blob go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
