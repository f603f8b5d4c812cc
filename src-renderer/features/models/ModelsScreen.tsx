import { EmptyState } from '../../components/EmptyState';
import { ModelIcon } from '../../components/icons';
import { Screen } from '../../components/Screen';

export function ModelsScreen() {
  return (
    <Screen id="models" title="Models" description="The models on this computer and how they are loaded.">
      <EmptyState
        icon={ModelIcon}
        title="Model management is not available yet"
        description="This screen will list the model files Outpost can use and let you load them with the right settings for your hardware. It arrives in a later version."
        planned={[
          'Add GGUF files already on disk',
          'Load and unload, with context size and GPU offload',
          'Memory estimate before loading: will it fit?',
          'A tool-calling self-test per model',
        ]}
      />
    </Screen>
  );
}
