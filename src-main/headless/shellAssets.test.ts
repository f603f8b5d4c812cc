import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Core } from '../core/createCore';
import { createTestPorts, makeTempDir } from '../core/testing/testPorts';
import { WS_PATH, WS_TOKEN_PROTOCOL_PREFIX } from '../../src-preload/wireConstants';
import { startHeadlessServer, type HeadlessServer } from './server';
import { shellAssetPaths, watchShellAssets } from './shellAssets';

const BUILT_PAGE = `<!doctype html><html><head>
<script type="module" crossorigin src="./assets/index-A1.js"></script>
<link rel="modulepreload" crossorigin href="./assets/jsx-runtime-B2.js">
<link rel="stylesheet" crossorigin href="./assets/index-C3.css">
<link rel="icon" type="image/svg+xml" href="./favicon.svg" />
</head><body><div id="root"></div></body></html>`;

describe('shellAssetPaths', () => {
  it("lists the built page's script, module preloads and stylesheets, not its icon", () => {
    expect(shellAssetPaths(BUILT_PAGE)).toEqual([
      '/assets/index-A1.js',
      '/assets/jsx-runtime-B2.js',
      '/assets/index-C3.css',
    ]);
  });
  it('finds nothing in a page without built assets', () => {
    expect(shellAssetPaths('<!doctype html><title>Outpost</title>')).toEqual([]);
  });
});

describe('watchShellAssets', () => {
  it('resolves once every asset went out, whatever the order or repeats', async () => {
    const watch = watchShellAssets(['/a.js', '/b.css']);
    let done = false;
    void watch.done.then(() => (done = true));
    watch.sent('/a.js');
    watch.sent('/a.js');
    watch.sent('/other.js');
    await Promise.resolve();
    expect(done).toBe(false);
    watch.sent('/b.css');
    await watch.done;
  });
  it('has nothing to wait for without assets', async () => {
    await watchShellAssets([]).done;
  });
});

describe('headless server before core is ready', () => {
  let server: HeadlessServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  async function start(extra: Record<string, Buffer> = {}): Promise<{ server: HeadlessServer; wanted: () => boolean }> {
    const rendererDir = makeTempDir('outpost-renderer-');
    fs.writeFileSync(path.join(rendererDir, 'index.html'), BUILT_PAGE);
    fs.mkdirSync(path.join(rendererDir, 'assets'));
    for (const file of ['index-A1.js', 'jsx-runtime-B2.js', 'index-C3.css'])
      fs.writeFileSync(path.join(rendererDir, 'assets', file), `/* ${file} */`);
    for (const [file, content] of Object.entries(extra))
      fs.writeFileSync(path.join(rendererDir, 'assets', file), content);
    const never = new Promise<Core>(() => undefined); // core still loading for the whole test
    const t = createTestPorts();
    server = await startHeadlessServer({ core: never, rendererDir, token: 'a'.repeat(48), port: 0, logger: t.logger });
    let wanted = false;
    void server.coreWanted.then(() => (wanted = true));
    return { server, wanted: () => wanted };
  }

  const get = async (s: HeadlessServer, file: string) => (await fetch(`http://127.0.0.1:${s.port}${file}`)).text();

  it('serves the page and its first-paint files, then wants core', async () => {
    const { server, wanted } = await start();
    expect(await get(server, '/')).toContain('index-A1.js');
    expect(await get(server, '/assets/index-A1.js')).toContain('index-A1.js');
    expect(await get(server, '/assets/jsx-runtime-B2.js')).toContain('jsx-runtime-B2.js');
    expect(wanted()).toBe(false);
    expect(await get(server, '/assets/index-C3.css')).toContain('index-C3.css');
    await server.coreWanted;
  });

  it('wants core as soon as a socket asks for it', async () => {
    const { server, wanted } = await start();
    expect(wanted()).toBe(false);
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${WS_PATH}`, [WS_TOKEN_PROTOCOL_PREFIX + 'a'.repeat(48)], {
      headers: { Origin: `http://127.0.0.1:${server.port}` },
    });
    ws.on('error', () => undefined); // the upgrade waits for a core that never comes; close() ends it
    await server.coreWanted;
  });

  it('settles once the responses being written have gone out', async () => {
    // Big enough that the socket's buffers fill while the client does not read: the response stays in flight.
    const { server } = await start({ 'big.js': Buffer.alloc(32 * 1024 * 1024, 0x20) });
    const response = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(`http://127.0.0.1:${server.port}/assets/big.js`, resolve),
    );
    response.pause();
    let settled = false;
    void server.settled().then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    response.resume();
    await server.settled();
    expect(settled).toBe(true);
  });
});
