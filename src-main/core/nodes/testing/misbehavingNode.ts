/**
 * A deliberately broken OpenAI-compatible server for protocol edge cases only (the happy path is tested against a
 * real Outpost node): headers that never come, malformed SSE, 5xx answers, a stream cut after some text.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Misbehaviour = 'slow-headers' | 'malformed-sse' | 'status-500' | 'cut-after-text' | 'ok';

export interface MisbehavingNode {
  baseUrl: string;
  requests: number;
  behave(next: Misbehaviour): void;
  close(): Promise<void>;
}

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({
    id: 'x',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'm',
    choices: [{ index: 0, delta, finish_reason: finish }],
  })}\n\n`;

export async function startMisbehavingNode(initial: Misbehaviour): Promise<MisbehavingNode> {
  let mode = initial;
  const state = { requests: 0 };
  const server = http.createServer((req, res) => {
    state.requests += 1;
    req.resume();
    if (req.url?.endsWith('/models')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'm', object: 'model', created: 0, owned_by: 'x' }] }));
      return;
    }
    if (mode === 'slow-headers') return; // never answers; the client's headers timeout must fire
    if (mode === 'status-500') {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'boom', type: 'server_error' } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (mode === 'malformed-sse') {
      res.end('data: {"choices": [ this is not json\n\n');
      return;
    }
    res.write(chunk({ role: 'assistant', content: 'Hel' }));
    res.write(chunk({ content: 'lo' }));
    if (mode === 'cut-after-text') {
      setTimeout(() => res.socket?.destroy(), 20);
      return;
    }
    res.write(chunk({}, 'stop'));
    res.end('data: [DONE]\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return state.requests;
    },
    behave(next) {
      mode = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
