import { useEffect } from 'react';
import { Button } from '../../components/Button';
import { Screen } from '../../components/Screen';
import { agentsStore } from '../../stores/agentsStore';
import { catalogStore } from '../../stores/catalogStore';
import { modelsStore, useModelsStore } from '../../stores/modelsStore';
import { AgentBuilder } from './builder/AgentBuilder';
import { builderStore, useBuilderStore } from './builderStore';
import { AgentList } from './list/AgentList';

export function AgentsScreen() {
  const view = useBuilderStore((s) => s.view);
  // Agents and tools stay live while the screen is open; fit estimates and the catalog feed the model picker.
  useEffect(() => agentsStore.getState().startSync(), []);
  useEffect(() => modelsStore.getState().watchEstimates(), []);
  useEffect(() => catalogStore.getState().watch(), []);

  const firstInstalled = useModelsStore((s) => s.models.find((m) => !m.problem)?.id ?? null);
  useEffect(() => {
    if (firstInstalled) builderStore.getState().adoptDefaultModel(firstInstalled);
  }, [firstInstalled, view]);

  const create = () => builderStore.getState().openCreate(firstInstalled ?? '');

  return (
    <Screen
      id="agents"
      title="Agents"
      description="Assistants built from a prompt, a model, tools and memory."
      actions={
        view.kind === 'list' && (
          <Button variant="primary" data-testid="agents-new" onClick={create}>
            New agent
          </Button>
        )
      }
    >
      {view.kind === 'list' ? <AgentList /> : <AgentBuilder />}
    </Screen>
  );
}
