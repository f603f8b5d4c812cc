/**
 * Build time only (scripts/lib/staticShellPlugin.ts): the app's first render as HTML for index.html's #root
 * (the frame, the loading line). The browser paints it before any script runs; boot.tsx hydrates it in place.
 */
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { App } from '../App';
import { STATIC_SHELL_ATTRIBUTE } from './firstPaint';

export function renderStaticShell(): string {
  // renderToString, not static markup: hydration needs its text separators.
  const frame = renderToString(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  // Hidden until firstPaint.ts has applied the cached theme (and knows the guide is not what comes next).
  return `<div ${STATIC_SHELL_ATTRIBUTE} hidden>${frame}</div>`;
}
