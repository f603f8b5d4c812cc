/** The error class alone, zod-free: the renderer's first script needs it, not the schemas beside it. */
import type { ErrorCode, ErrorInfo } from './envelope';

/** Thrown by core handlers and by the renderer bridge; the code survives the trip. */
export class OutpostError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'OutpostError';
    this.code = code;
    this.details = details;
  }
  toInfo(): ErrorInfo {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}
