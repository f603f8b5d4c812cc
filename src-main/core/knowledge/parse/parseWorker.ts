/** Entry of the parser thread: PDF/DOCX parsing and chunking run here, off the main thread, memory-capped. */
import { parentPort } from 'node:worker_threads';
import { type ParseRequest, runParseJob } from './parseJob';

const port = parentPort;
if (!port) throw new Error('the knowledge parser must run in a worker thread');
// One job at a time, in the order sent: the host times and blames the job at the head of its queue.
let previous: Promise<void> = Promise.resolve();
port.on('message', (message: { id: number; request: ParseRequest }) => {
  previous = previous.then(
    () =>
      runParseJob(message.request)
        .then((result) => port.postMessage({ id: message.id, result }))
        .catch(() => undefined), // an unsendable reply times out in the host, which replaces the thread
  );
});
