/** What went wrong with an import, per file, with field paths: from the core's error or from checks made here. */
import { OutpostError, type ValidationIssue } from '@contract';

export const IMPORT_EXTENSIONS = ['.json', '.yaml', '.yml'] as const;
/** The contract's limit for one file's content. */
export const MAX_IMPORT_BYTES = 300 * 1024;
export const MAX_IMPORT_FILES = 20;

export interface FileProblem {
  /** The file the problem is about; null when it concerns the whole import. */
  file: string | null;
  message: string;
  issues: ValidationIssue[];
}

export interface PickedFile {
  name: string;
  size: number;
}

/** Problems visible before anything is sent: wrong extension, too large, too many files. */
export function precheckFiles(files: readonly PickedFile[]): FileProblem[] {
  const problems: FileProblem[] = [];
  if (files.length > MAX_IMPORT_FILES) {
    problems.push({
      file: null,
      message: `At most ${MAX_IMPORT_FILES} files at once (${files.length} chosen)`,
      issues: [],
    });
  }
  for (const file of files) {
    const lower = file.name.toLowerCase();
    if (!IMPORT_EXTENSIONS.some((ext) => lower.endsWith(ext))) {
      problems.push({ file: file.name, message: 'Not an agent file: expected .json, .yaml or .yml', issues: [] });
    } else if (file.size > MAX_IMPORT_BYTES) {
      problems.push({
        file: file.name,
        message: `The file is ${Math.ceil(file.size / 1024)} KB; the limit is ${MAX_IMPORT_BYTES / 1024} KB`,
        issues: [],
      });
    }
  }
  return problems;
}

function isIssue(value: unknown): value is ValidationIssue {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ValidationIssue).path === 'string' &&
    typeof (value as ValidationIssue).message === 'string'
  );
}

/** The core names the failing file and lists its issues in `details`; its message leads with the file name. */
export function problemFromError(error: unknown): FileProblem {
  if (!(error instanceof OutpostError)) {
    return { file: null, message: error instanceof Error ? error.message : String(error), issues: [] };
  }
  const details =
    typeof error.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : {};
  const file = typeof details.file === 'string' ? details.file : null;
  const issues = Array.isArray(details.issues) ? details.issues.filter(isIssue) : [];
  let message = error.message;
  if (file && message.startsWith(`${file}: `)) message = message.slice(file.length + 2);
  // The summary after the colon repeats the issues listed below it.
  if (issues.length > 0) message = message.split(': ')[0] ?? message;
  return { file, message, issues };
}

/** One problem per failing file: the core checks every file and lists each in `details.files`. */
export function problemsFromError(error: unknown): FileProblem[] {
  const details =
    error instanceof OutpostError && typeof error.details === 'object' && error.details !== null
      ? (error.details as Record<string, unknown>)
      : {};
  if (!(error instanceof OutpostError) || !Array.isArray(details.files) || details.files.length === 0) {
    return [problemFromError(error)];
  }
  const lines = error.message.split('\n');
  return details.files.map((entry: unknown, index) => {
    const one = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    return problemFromError(new OutpostError(error.code, lines[index] ?? error.message, one));
  });
}
