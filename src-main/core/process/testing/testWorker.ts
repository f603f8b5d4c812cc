/**
 * The worker the host's tests run (from source, through tsx): real process, real IPC, no native code.
 * OUTPOST_TEST_WORKER_LINGER=1 makes it ignore shutdown, so the host has to kill it.
 */
import { serveWorker } from '../worker/serveWorker';
import { TestMessage } from './testProtocol';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

serveWorker('test worker', TestMessage, () => ({
  async handle(message, call) {
    switch (message.type) {
      case 'init':
        if (message.refuse) throw new Error('refused to start');
        return { pid: process.pid };
      case 'echo':
        return { value: message.value };
      case 'wait':
        await sleep(message.ms);
        return { waited: message.ms };
      case 'stream':
        for (let index = 0; index < message.count; index++) {
          call.event({ index });
          call.progress((index + 1) / message.count);
        }
        return { sent: message.count };
      case 'exit':
        setTimeout(() => process.exit(message.code), 10);
        return sleep(60_000);
      case 'badValue':
        return { value: 42 };
      case 'garbage':
        process.send?.({ type: 'nonsense', callId: message.callId });
        process.send?.('not an object');
        call.event({ index: 'not a number' });
        return { done: true };
      case 'disconnect':
        process.removeAllListeners('disconnect'); // otherwise serveWorker shuts down when the channel goes
        setTimeout(() => process.disconnect(), 10);
        setInterval(() => undefined, 1_000); // stays alive without a channel
        return { done: true };
    }
  },
  async dispose() {
    if (process.env.OUTPOST_TEST_WORKER_LINGER === '1') await sleep(600_000);
  },
}));
