import { useState } from 'react';
import type { InstalledModel } from '@contract';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useModelsStore } from '../../stores/modelsStore';
import { deletesFileOnRemove, removalQuestion } from './modelText';

/** Remove, behind a dialog that says whether the file is deleted or only unlinked. */
export function RemoveModelButton({ model, disabled }: { model: InstalledModel; disabled: boolean }) {
  const [asking, setAsking] = useState(false);
  const removing = useModelsStore((s) => s.busy[model.id] === 'remove');
  const remove = useModelsStore((s) => s.remove);
  const deletes = deletesFileOnRemove(model);

  return (
    <>
      <Button variant="ghostDanger" data-testid="model-remove" disabled={disabled} onClick={() => setAsking(true)}>
        Remove
      </Button>
      <ConfirmDialog
        open={asking}
        title={deletes ? `Delete ${model.fileName}?` : `Unlink ${model.fileName}?`}
        confirmLabel={deletes ? 'Delete file' : 'Unlink'}
        destructive={deletes}
        busy={removing}
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          void remove(model.id).then(() => setAsking(false));
        }}
      >
        <p className="break-words">{removalQuestion(model)}</p>
        <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">If it is loaded, it is unloaded first.</p>
      </ConfirmDialog>
    </>
  );
}
