/** A parser thread entry for tests: parses like `parseWorker.ts`, but a file named `*.crash.txt` ends the thread. */
import { parentPort } from 'node:worker_threads';
import { type ParseRequest, runParseJob } from '../parse/parseJob';

const port = parentPort!;
let previous: Promise<void> = Promise.resolve();
port.on('message', (message: { id: number; request: ParseRequest }) => {
  previous = previous.then(async () => {
    if (message.request.path.endsWith('.crash.txt')) process.exit(3);
    port.postMessage({ id: message.id, result: await runParseJob(message.request) });
  });
});
