/**
 * Build time only (scripts/lib/staticShellPlugin.ts): the app frame as HTML for index.html's #root, with the
 * first screen's loading line. The browser paints it with the page and its stylesheet, before any script runs.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { AppFrame, ScreenFallback } from './AppFrame';
import { STATIC_SHELL_ATTRIBUTE } from './firstPaint';

export function renderStaticShell(): string {
  const frame = renderToStaticMarkup(
    <AppFrame current={null}>
      <ScreenFallback />
    </AppFrame>,
  );
  // Hidden until firstPaint.ts has applied the cached theme (and knows the guide is not what comes next).
  return `<div ${STATIC_SHELL_ATTRIBUTE} hidden>${frame}</div>`;
}
