import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { staticShellPlugin } from './scripts/lib/staticShellPlugin';

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url));

const alias = {
  '@core': r('./src-main/core'),
  '@contract': r('./src-preload/contract.ts'),
  '@renderer': r('./src-renderer'),
};

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      // The same bundle runs in Electron's main and, for the headless host, in plain Node >= 20.
      target: 'node20',
      rolldownOptions: {
        input: {
          main: r('./src-main/electron/main.ts'),
          headless: r('./src-main/headless/main.ts'),
          // Runs in its own process (utilityProcess / fork): a native crash in llama.cpp never takes main down.
          inferenceWorker: r('./src-main/core/inference/worker/main.ts'),
          // ONNX Runtime + llama.cpp embeddings, isolated the same way.
          embeddingsWorker: r('./src-main/core/embeddings/worker/main.ts'),
          // Document parsing for knowledge bases, on a worker thread with a heap cap.
          knowledgeParser: r('./src-main/core/knowledge/parse/parseWorker.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      // Sandboxed preloads must be a single CommonJS file with no node_modules requires.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: r('./src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: r('./src-renderer'),
    resolve: { alias },
    plugins: [
      react(),
      tailwindcss(),
      // The sidebar and first screen's frame prerendered into index.html: the page paints before its scripts run.
      staticShellPlugin({ shellModule: r('./src-renderer/app/staticShell.tsx'), alias, plugins: [react()] }),
    ],
    build: {
      minify: true,
      rolldownOptions: { input: { index: r('./src-renderer/index.html') } },
    },
  },
});
