import path from 'node:path';
import { InsufficientMemoryError } from 'node-llama-cpp';
import { OutpostError } from '../../../../src-preload/contract/envelope';
import { describeError } from '../../process/worker/workerErrors';

export { describeError, toErrorInfo } from '../../process/worker/workerErrors';

/** llama.cpp reports allocation failures as plain errors and log lines, not as InsufficientMemoryError. */
const OUT_OF_MEMORY = /insufficient memory|out of memory|failed to allocate|cannot allocate|unable to allocate/i;

/** Maps a failed estimate/load to a typed error that names the file and keeps llama.cpp's reason. */
export function modelFailure(
  error: unknown,
  modelPath: string,
  signal?: AbortSignal,
  llamaErrors: readonly string[] = [],
): OutpostError {
  if (error instanceof OutpostError) return error;
  const fileName = path.basename(modelPath);
  // llama.cpp's own lines say why ("...not within the file bounds..."); its generic summary line adds nothing.
  const detail = llamaErrors.filter((line) => !/failed to load model$/i.test(line));
  const reason = [describeError(error), ...detail].join(': ');
  if (signal?.aborted) return new OutpostError('aborted', `Loading ${fileName} was cancelled`, { fileName });
  if (error instanceof InsufficientMemoryError || OUT_OF_MEMORY.test(reason)) {
    return new OutpostError('insufficient_memory', `Not enough memory to load ${fileName}: ${reason}`, {
      fileName,
      reason,
    });
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new OutpostError('not_found', `Model file not found: ${fileName}`, { fileName });
  return new OutpostError('invalid_model', `${fileName} could not be loaded: ${reason}`, { fileName, reason });
}
