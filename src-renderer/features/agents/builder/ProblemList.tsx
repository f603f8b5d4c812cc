import type { ValidationIssue } from '@contract';
import { builderStore } from '../builderStore';
import { fieldDomId, fieldLabel } from '../fieldIssues';

/** Every problem that keeps the agent from saving; each entry jumps to its field and shows its message. */
export function ProblemList({ issues }: { issues: readonly ValidationIssue[] }) {
  if (issues.length === 0) return null;
  const jump = (path: string) => {
    const store = builderStore.getState();
    store.touch(path);
    store.revealAll();
    document.getElementById(fieldDomId(path))?.focus();
  };
  return (
    <div
      data-testid="agent-problems"
      className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-900/70 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <p className="font-medium">
        {issues.length === 1 ? '1 problem to fix before saving' : `${issues.length} problems to fix before saving`}
      </p>
      <ul className="mt-1 space-y-0.5">
        {issues.map((issue, index) => (
          <li key={`${issue.path}-${index}`}>
            <button type="button" className="text-left hover:underline" onClick={() => jump(issue.path)}>
              <span className="font-medium">{fieldLabel(issue.path)}</span>: {issue.message}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
