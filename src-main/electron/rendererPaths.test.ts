import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveRendererPath, wantsSpaFallback } from './rendererPaths';

const ROOT = path.resolve('/srv/outpost/out/renderer');

describe('resolveRendererPath', () => {
  it('maps app URLs to files inside the renderer dir', () => {
    expect(resolveRendererPath(ROOT, 'app://outpost/')).toBe(path.join(ROOT, 'index.html'));
    expect(resolveRendererPath(ROOT, 'app://outpost/index.html')).toBe(path.join(ROOT, 'index.html'));
    expect(resolveRendererPath(ROOT, 'app://outpost/assets/index-abc.js?v=1#h')).toBe(
      path.join(ROOT, 'assets', 'index-abc.js'),
    );
    expect(resolveRendererPath(ROOT, 'app://outpost/fonts/My%20Font.woff2')).toBe(
      path.join(ROOT, 'fonts', 'My Font.woff2'),
    );
  });

  it('refuses every way out of the renderer dir', () => {
    for (const url of [
      'app://outpost/..%2f..%2fpackage.json',
      'app://outpost/assets/..%2f..%2f..%2fpackage.json',
      'app://outpost/..%5c..%5cpackage.json',
      'app://outpost/%2e%2e%5cwindows',
      'app://outpost/assets/%00.js',
      'app://outpost/%E0%A4%A',
    ]) {
      expect(resolveRendererPath(ROOT, url), url).toBeNull();
    }
  });

  it('keeps URL-level dot segments inside the dir (the URL parser folds them, %2e too)', () => {
    expect(resolveRendererPath(ROOT, 'app://outpost/assets/../../../index.html')).toBe(path.join(ROOT, 'index.html'));
    expect(resolveRendererPath(ROOT, 'app://outpost/../../etc/passwd')).toBe(path.join(ROOT, 'etc', 'passwd'));
    expect(resolveRendererPath(ROOT, 'app://outpost/%2e%2e/%2e%2e/etc/passwd')).toBe(path.join(ROOT, 'etc', 'passwd'));
  });

  it('refuses other origins and schemes', () => {
    for (const url of [
      'app://other/index.html',
      'file:///srv/outpost/out/renderer/index.html',
      'https://outpost/index.html',
      'nope',
    ]) {
      expect(resolveRendererPath(ROOT, url), url).toBeNull();
    }
  });

  it('never turns encoded absolute paths into paths outside the dir', () => {
    expect(resolveRendererPath(ROOT, 'app://outpost/%2Fetc%2Fpasswd')).toBe(path.join(ROOT, 'etc', 'passwd'));
    const drive = resolveRendererPath(ROOT, 'app://outpost/C:%5CWindows%5Cwin.ini');
    expect(drive === null || drive.startsWith(ROOT + path.sep)).toBe(true);
  });
});

describe('wantsSpaFallback', () => {
  it('falls back for client routes, not for missing assets', () => {
    expect(wantsSpaFallback('app://outpost/settings')).toBe(true);
    expect(wantsSpaFallback('app://outpost/agents/42/edit')).toBe(true);
    expect(wantsSpaFallback('app://outpost/')).toBe(true);
    expect(wantsSpaFallback('app://outpost/assets/missing.js')).toBe(false);
    expect(wantsSpaFallback('app://outpost/favicon.ico')).toBe(false);
  });
});

describe('contentTypeFor', () => {
  it('gives module scripts a JavaScript type and knows common assets', () => {
    expect(contentTypeFor('/x/index.html')).toMatch(/^text\/html/);
    expect(contentTypeFor('/x/a.JS')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('/x/a.css')).toMatch(/^text\/css/);
    expect(contentTypeFor('/x/a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('/x/a.unknown')).toBeNull();
  });
});
