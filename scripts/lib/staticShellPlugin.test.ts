import type { OutputBundle, OutputChunk } from 'rolldown';
import { describe, expect, it } from 'vitest';
import { preloadedChunks, withShell } from './staticShellPlugin';

const chunk = (fileName: string, imports: string[] = [], dynamicImports: string[] = []) =>
  ({ type: 'chunk', fileName, imports, dynamicImports }) as unknown as OutputChunk;

describe('withShell', () => {
  it("puts the prerendered frame into the page's empty #root", () => {
    const page = '<body><div id="root"></div></body>';
    expect(withShell(page, '<nav>x</nav>')).toBe('<body><div id="root"><nav>x</nav></div></body>');
  });

  it('fails the build when the page has no empty #root', () => {
    expect(() => withShell('<body><main></main></body>', '<nav></nav>')).toThrow(/no <div id="root">/);
  });
});

describe('preloadedChunks', () => {
  it("lists the entry's dynamic imports and their static imports, once each, not the entry's own", () => {
    const entry = chunk('assets/index.js', ['assets/runtime.js'], ['assets/boot.js']);
    const bundle = {
      'assets/index.js': entry,
      'assets/runtime.js': chunk('assets/runtime.js'),
      'assets/boot.js': chunk('assets/boot.js', ['assets/react.js', 'assets/runtime.js'], ['assets/Screen.js']),
      'assets/react.js': chunk('assets/react.js', ['assets/runtime.js']),
      'assets/Screen.js': chunk('assets/Screen.js', ['assets/react.js']),
      'assets/index.css': { type: 'asset', fileName: 'assets/index.css' },
    } as unknown as OutputBundle;
    // Screen.js is boot's dynamic import: loaded when a screen asks for it, not with the page.
    expect(preloadedChunks(entry, bundle)).toEqual(['assets/boot.js', 'assets/react.js']);
  });
});
