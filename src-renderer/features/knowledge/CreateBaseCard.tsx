import { useState } from 'react';
import { Button } from '../../components/Button';
import { Card } from '../../components/Card';
import { TextInput } from '../../components/TextInput';
import { knowledgeStore } from './knowledgeStore';
import { SourceForm } from './SourceForm';

/** A new base: its name and its first source; more sources can be added afterwards. */
export function CreateBaseCard({ onDone }: { onDone: (() => void) | null }) {
  const [name, setName] = useState('');
  return (
    <Card
      title="New knowledge base"
      description="A named set of folders and files your agents can answer from. Everything stays on this machine."
      data-testid="knowledge-create"
      actions={
        onDone && (
          <Button variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        )
      }
    >
      <SourceForm
        testId="knowledge-create-form"
        submitLabel="Create and index"
        valid={name.trim() !== ''}
        extra={
          <label className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
            <span className="mb-1 block">Name</span>
            <TextInput
              data-testid="knowledge-name"
              className="w-full max-w-sm"
              placeholder="Product manuals"
              value={name}
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
        }
        onSubmit={async (source) => {
          await knowledgeStore.getState().create(name.trim(), source);
          setName('');
          onDone?.();
        }}
      />
    </Card>
  );
}
