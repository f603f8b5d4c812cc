/** Errors in OpenAI's shape (`{ error: { message, type, param, code } }`) so every OpenAI client can read them. */
import { OutpostError } from '@contract';

export type OpenAiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'server_error';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: OpenAiErrorType,
    readonly code: string | null,
    message: string,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body() {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }

  /** The same failure in Anthropic's shape (`{ type: "error", error: { type, message } }`). */
  anthropicBody() {
    return { type: 'error', error: { type: anthropicType(this), message: this.message } };
  }
}

function anthropicType(error: ApiError): string {
  if (error.status === 413) return 'request_too_large';
  if (error.status === 404) return 'not_found_error';
  if (error.status === 503) return 'overloaded_error';
  if (error.type === 'server_error') return 'api_error';
  return error.type;
}

export const badRequest = (message: string, param: string | null = null, code: string | null = null) =>
  new ApiError(400, 'invalid_request_error', code, message, param);

export const modelNotFound = (model: string) =>
  new ApiError(404, 'invalid_request_error', 'model_not_found', `The model "${model}" does not exist`, 'model');

// Outpost's typed failures, translated to the HTTP status an OpenAI client expects.
const STATUS_BY_CODE: Record<string, [number, OpenAiErrorType]> = {
  not_found: [404, 'invalid_request_error'],
  bad_request: [400, 'invalid_request_error'],
  invalid_model: [400, 'invalid_request_error'],
  conflict: [409, 'invalid_request_error'],
  insufficient_memory: [503, 'server_error'],
  busy: [503, 'server_error'],
  worker_crashed: [503, 'server_error'],
  not_loaded: [503, 'server_error'],
  unauthorized: [403, 'permission_error'],
};

/** A failure reported as a code (e.g. an agent turn's error event). */
export function fromCode(code: string, message: string): ApiError {
  // OpenAI's own code for a prompt (plus reply) longer than the model's context.
  if (code === 'context_overflow') {
    return new ApiError(400, 'invalid_request_error', 'context_length_exceeded', message, 'messages');
  }
  const [status, type] = STATUS_BY_CODE[code] ?? [500, 'server_error'];
  return new ApiError(status, type, code, message);
}

/** Anything a handler threw, as an ApiError; unknown errors never leak their stack or internals. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof OutpostError) return fromCode(error.code, error.message);
  return new ApiError(500, 'server_error', 'internal_error', 'The server failed to handle the request');
}
