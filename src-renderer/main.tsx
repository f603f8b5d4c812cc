import { afterNextPaint, paintFirstScreen } from './app/firstPaint';
import './styles.css';

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

// The frame prerendered into index.html shows at once; React and the app come in the next chunks, which the
// page preloads alongside this one (scripts/lib/staticShellPlugin.ts), once the browser has painted the frame.
// React's own code and the app's evaluate as two tasks, so the page answers input in between.
paintFirstScreen(window);
afterNextPaint(window, () => {
  import('react-dom/client')
    .then(nextTask)
    .then(() => import('./boot'))
    .catch((error: unknown) => {
      console.error('Outpost failed to load', error);
    });
});
