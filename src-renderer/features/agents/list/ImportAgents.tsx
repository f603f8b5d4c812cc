import { useRef, useState, type ChangeEvent } from 'react';
import type { ImportedAgent } from '@contract';
import { Banner } from '../../../components/Banner';
import { Button } from '../../../components/Button';
import { agentsStore } from '../../../stores/agentsStore';
import { precheckFiles, problemsFromError, type FileProblem } from './importReport';

type Outcome = { kind: 'done'; imported: ImportedAgent[] } | { kind: 'failed'; problems: FileProblem[] };

/** Imports portable agent files (JSON or YAML); one bad file imports nothing, and every problem is listed. */
export function ImportAgents() {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = ''; // choosing the same file again must fire change again
    if (files.length === 0) return;
    const problems = precheckFiles(files);
    if (problems.length > 0) return setOutcome({ kind: 'failed', problems });
    setBusy(true);
    try {
      const contents = await Promise.all(files.map(async (file) => ({ name: file.name, content: await file.text() })));
      setOutcome({ kind: 'done', imported: await agentsStore.getState().importFiles(contents) });
    } catch (error) {
      setOutcome({ kind: 'failed', problems: problemsFromError(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-2">
      <input
        ref={input}
        type="file"
        multiple
        accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml"
        className="sr-only"
        data-testid="agents-import-input"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => void pick(e)}
      />
      <Button data-testid="agents-import" disabled={busy} onClick={() => input.current?.click()}>
        {busy ? 'Importing…' : 'Import JSON / YAML'}
      </Button>
      {outcome?.kind === 'done' && (
        <Banner
          level="info"
          title={`Imported ${outcome.imported.length} agent${outcome.imported.length === 1 ? '' : 's'}`}
          data-testid="agents-import-done"
          onDismiss={() => setOutcome(null)}
        >
          <ul>
            {outcome.imported.map((item) => (
              <li key={item.agent.definition.id}>
                {item.agent.definition.name}
                {item.renamedFrom &&
                  ` — saved as “${item.agent.definition.id}” because “${item.renamedFrom}” was taken`}
              </li>
            ))}
          </ul>
        </Banner>
      )}
      {outcome?.kind === 'failed' && (
        <Banner
          level="error"
          title="Nothing was imported"
          data-testid="agents-import-errors"
          onDismiss={() => setOutcome(null)}
        >
          <ul className="space-y-1.5">
            {outcome.problems.map((problem, index) => (
              <li key={index} data-testid="import-problem" data-file={problem.file ?? ''}>
                {problem.file && <span className="font-mono font-semibold">{problem.file}: </span>}
                {problem.message}
                {problem.issues.length > 0 && (
                  <ul className="mt-0.5 ml-4 list-disc">
                    {problem.issues.map((issue, i) => (
                      <li key={i} data-testid="import-issue">
                        {issue.path && <code className="font-semibold">{issue.path}</code>}
                        {issue.path && ': '}
                        {issue.message}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </Banner>
      )}
    </div>
  );
}
