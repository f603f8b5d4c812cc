/** A set of listeners where one that throws is logged and never stops the others (or the caller). */
import type { Logger } from '../ports';

export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(
    private readonly logger: Logger,
    /** Names the set in the warning, e.g. "inference status". */
    private readonly what: string,
  ) {}

  add(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T): void {
    for (const listener of this.listeners) {
      try {
        listener(value);
      } catch (error) {
        this.logger.warn(`${this.what} listener threw`, {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
}
