/**
 * Renderer build step: prerenders the app frame into index.html's #root (React server rendering of
 * `src-renderer/app/staticShell.tsx` through a throwaway Vite SSR server) and preloads the chunk main.tsx
 * imports next, so the page paints its sidebar before any script runs and React arrives without a second trip.
 */
import type { OutputBundle, OutputChunk } from 'rolldown';
import { createServer, type Plugin, type PluginOption } from 'vite';

export const ROOT_PLACEHOLDER = '<div id="root"></div>';

export interface StaticShellOptions {
  /** The module exporting `renderStaticShell(): string`. */
  shellModule: string;
  /** What the SSR server needs to load it (aliases, the React plugin). */
  alias: Record<string, string>;
  plugins: PluginOption[];
}

async function renderShell(options: StaticShellOptions): Promise<string> {
  const server = await createServer({
    configFile: false,
    logLevel: 'error',
    appType: 'custom',
    resolve: { alias: options.alias },
    plugins: options.plugins,
    server: { middlewareMode: true, hmr: false, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    const module = (await server.ssrLoadModule(options.shellModule)) as { renderStaticShell?: () => string };
    if (typeof module.renderStaticShell !== 'function')
      throw new Error(`${options.shellModule} does not export renderStaticShell()`);
    return module.renderStaticShell();
  } finally {
    await server.close();
  }
}

/** Puts the prerendered frame into the page's empty #root; a page without one is a build error, not a silent skip. */
export function withShell(html: string, shell: string): string {
  if (!html.includes(ROOT_PLACEHOLDER)) throw new Error(`index.html has no ${ROOT_PLACEHOLDER} to prerender into`);
  return html.replace(ROOT_PLACEHOLDER, `<div id="root">${shell}</div>`);
}

/** The chunks the entry imports dynamically, and theirs statically: preloaded with the page, run when asked for. */
export function preloadedChunks(entry: OutputChunk, bundle: OutputBundle): string[] {
  const files = new Set<string>();
  const visit = (fileName: string) => {
    const chunk = bundle[fileName];
    if (!chunk || chunk.type !== 'chunk' || files.has(fileName) || fileName === entry.fileName) return;
    if (entry.imports.includes(fileName)) return; // already a static import of the entry: Vite preloads it
    files.add(fileName);
    for (const imported of chunk.imports) visit(imported);
  };
  for (const dynamic of entry.dynamicImports) visit(dynamic);
  return [...files];
}

export function staticShellPlugin(options: StaticShellOptions): Plugin {
  let base = './';
  return {
    name: 'outpost-static-shell',
    apply: 'build',
    configResolved(config) {
      base = config.base || './';
    },
    transformIndexHtml: {
      order: 'post',
      async handler(html, context) {
        const entry = context.chunk;
        if (!entry || !context.bundle) throw new Error('static shell: no entry chunk for index.html');
        const links = preloadedChunks(entry, context.bundle).map(
          (file) => `<link rel="modulepreload" crossorigin href="${base}${file}">`,
        );
        const page = withShell(html, await renderShell(options));
        return page.replace('</head>', `  ${links.join('\n    ')}\n  </head>`);
      },
    },
  };
}
