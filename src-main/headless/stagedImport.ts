/**
 * Loads a module graph in pieces with a turn of the event loop between them. Evaluating a piece blocks this
 * process; the page's next files (a screen's chunk, the socket's schemas) are served in between, not after all.
 */
export type Stage = () => Promise<unknown>;

/** Resolves after the event loop ran its I/O once (setImmediate runs after the poll phase). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Imports each stage in order, awaiting `between()` after each one, then returns what `last` loads. */
export async function importInStages<T>(
  stages: readonly Stage[],
  last: () => Promise<T>,
  between: () => Promise<void> = nextTurn,
): Promise<T> {
  for (const stage of stages) {
    await stage();
    await between();
  }
  return last();
}
