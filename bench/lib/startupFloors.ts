/**
 * The start-up bench's floors: what a page costs on this machine before Outpost's host does anything. Both are
 * served by a bare Node server with no core: React DOM hydrating the bare page's one button (any React app
 * pays this), and Outpost's built renderer as it is (its socket finds no host and retries).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { ROOT } from '../../scripts/lib/buildState';

const require = createRequire(import.meta.url);

/** The bare page's markup, so every floor shows the same button the bench looks for. */
export const BARE_PAGE_BODY = '<nav><button data-testid="nav-chat">Chat</button></nav>';

const REACT_PAGE_SCRIPT = `
import { createElement } from 'react';
import { hydrateRoot } from 'react-dom/client';
const App = () => createElement('nav', null, createElement('button', { 'data-testid': 'nav-chat' }, 'Chat'));
hydrateRoot(document.getElementById('root'), createElement(App));
`;

/** Builds the React floor page (production React, minified) into a temp dir; the caller removes it. */
export async function buildReactFloorPage(): Promise<string> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'outpost-react-floor-'));
  fs.writeFileSync(path.join(root, 'main.js'), REACT_PAGE_SCRIPT);
  fs.writeFileSync(
    path.join(root, 'index.html'),
    `<!doctype html><html><head><script type="module" src="./main.js"></script></head><body><div id="root">${BARE_PAGE_BODY}</div></body></html>`,
  );
  const outDir = path.join(root, 'dist');
  await build({
    root,
    configFile: false,
    logLevel: 'error',
    base: './',
    // React from this repo's node_modules, not the temp dir's (it has none).
    resolve: { alias: { react: require.resolve('react'), 'react-dom/client': require.resolve('react-dom/client') } },
    build: { outDir, emptyOutDir: true, minify: true },
  });
  return root;
}

/** A bare Node server for a built page dir: sirv (as the headless host uses), no headers, no core, no socket. */
export function staticServerScript(dir: string): string {
  const sirv = pathToFileURL(require.resolve('sirv')).href;
  return `
import http from 'node:http';
import sirv from ${JSON.stringify(sirv)};
const files = sirv(${JSON.stringify(dir)}, { single: true, etag: true });
const server = http.createServer((req, res) => files(req, res, () => res.writeHead(404).end()));
server.listen(0, '127.0.0.1', () => console.log('listening at http://127.0.0.1:' + server.address().port + '/'));
`;
}

export const reactFloorDist = (root: string) => path.join(root, 'dist');
/** The built renderer (`npm run build`), as the headless host serves it. */
export const rendererFloorDir = () => path.join(ROOT, 'out/renderer');
