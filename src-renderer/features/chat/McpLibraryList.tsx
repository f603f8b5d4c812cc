/** One titled list of the MCP library (a server's resources or prompts): each item's name and its action. */
import { Button } from '../../components/Button';

interface McpLibraryListProps<T> {
  title: string;
  testId: string;
  items: readonly T[];
  /** The item's key, the name shown, and the hover text. */
  describe: (item: T) => { key: string; name: string; hint: string };
  action: { label: string; testId: string; run: (item: T) => void };
}

export function McpLibraryList<T>({ title, testId, items, describe, action }: McpLibraryListProps<T>) {
  return (
    <>
      <h3 className="text-xs font-medium text-zinc-500">{title}</h3>
      <ul className="space-y-1" data-testid={testId}>
        {items.length === 0 && <li className="text-xs text-zinc-500">None</li>}
        {items.map((item) => {
          const { key, name, hint } = describe(item);
          return (
            <li key={key} className="flex items-center gap-2">
              <span className="min-w-0 flex-1 truncate" title={hint}>
                {name}
              </span>
              <Button data-testid={action.testId} onClick={() => action.run(item)}>
                {action.label}
              </Button>
            </li>
          );
        })}
      </ul>
    </>
  );
}
