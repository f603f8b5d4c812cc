import { lazy, memo, Suspense } from 'react';

// react-markdown, GFM and highlight.js are the largest part of the renderer: loaded after first paint.
const loadMarkdown = () => import('./Markdown');
const Rendered = lazy(() => loadMarkdown().then((m) => ({ default: m.Markdown })));

/** Markdown once its renderer has loaded; until then (a moment after start) the same text, unformatted. */
export const Markdown = memo(function LazyMarkdown({ text }: { text: string }) {
  return (
    <Suspense fallback={<div className="chat-markdown whitespace-pre-wrap">{text}</div>}>
      <Rendered text={text} />
    </Suspense>
  );
});

export function prefetchMarkdown(): void {
  void loadMarkdown();
}
