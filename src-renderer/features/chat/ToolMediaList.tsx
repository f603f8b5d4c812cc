import type { ToolMedia } from '@contract';

/** Images, audio players and resource links a tool returned; media over the size cap are named, not shown. */
export function ToolMediaList({ media }: { media: ToolMedia[] }) {
  return (
    <ul className="space-y-2" data-testid="tool-call-media">
      {media.map((item, i) => (
        <li key={i} data-kind={item.kind} data-testid="tool-media-item">
          <MediaItem item={item} />
        </li>
      ))}
    </ul>
  );
}

function MediaItem({ item }: { item: ToolMedia }) {
  if (item.kind === 'link') {
    const text = item.name ?? item.uri ?? 'resource';
    return item.uri && /^https?:/.test(item.uri) ? (
      <a
        href={item.uri}
        target="_blank"
        rel="noreferrer noopener"
        className="text-xs text-emerald-700 underline dark:text-emerald-400"
      >
        {text}
      </a>
    ) : (
      <span className="font-mono text-xs" title={item.mimeType ?? undefined}>
        {text}
        {item.uri && item.name ? ` (${item.uri})` : ''}
      </span>
    );
  }
  if (!item.dataUrl) {
    return (
      <span className="text-xs text-zinc-500 dark:text-zinc-400">
        {item.kind === 'image' ? 'Image' : 'Audio'} not shown: {item.omitted}
      </span>
    );
  }
  return item.kind === 'image' ? (
    <img
      src={item.dataUrl}
      alt={`Image from the tool (${item.mimeType})`}
      className="max-h-64 max-w-full rounded border border-zinc-200 dark:border-zinc-700"
    />
  ) : (
    <audio controls src={item.dataUrl} aria-label={`Audio from the tool (${item.mimeType})`} className="w-full" />
  );
}
