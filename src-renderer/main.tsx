import { afterNextPaint, paintFirstScreen } from './app/firstPaint';
import './styles.css';

// The frame prerendered into index.html shows at once; React and the app come in the next chunk, which the
// page preloads alongside this one (scripts/lib/staticShellPlugin.ts), once the browser has painted the frame.
paintFirstScreen(window);
afterNextPaint(window, () => {
  import('./boot').catch((error: unknown) => {
    console.error('Outpost failed to load', error);
  });
});
