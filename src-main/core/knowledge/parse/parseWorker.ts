/** Entry of the parser thread: PDF/DOCX parsing and chunking run here, off the main thread, memory-capped. */
import { parentPort } from 'node:worker_threads';
import { type ParseRequest, runParseJob } from './parseJob';

const port = parentPort;
if (!port) throw new Error('the knowledge parser must run in a worker thread');
port.on('message', (message: { id: number; request: ParseRequest }) => {
  void runParseJob(message.request).then((result) => port.postMessage({ id: message.id, result }));
});
