import { describe, expect, it } from 'vitest';
import { SCREEN_IDS } from '../lib/hashRoute';
import { renderStaticShell } from './staticShell';

describe('the prerendered app frame (index.html)', () => {
  const html = renderStaticShell();

  it('is hidden until the first script has applied the cached appearance', () => {
    expect(html).toMatch(/^<div data-static-shell hidden>/);
  });

  it('has every sidebar link, as plain links that work before React runs', () => {
    for (const id of SCREEN_IDS) expect(html).toContain(`href="#/${id}" data-testid="nav-${id}"`);
  });

  it('marks no screen current (the address is only known in the browser) and shows the loading line', () => {
    expect(html).not.toContain('aria-current');
    expect(html).toContain('Loading…');
    expect(html).toContain('Connecting');
  });
});
