import { EmptyState } from '../../components/EmptyState';
import { AgentIcon } from '../../components/icons';
import { Screen } from '../../components/Screen';

export function AgentsScreen() {
  return (
    <Screen id="agents" title="Agents" description="Assistants built from a prompt, a model, tools and memory.">
      <EmptyState
        icon={AgentIcon}
        title="Agents are not available yet"
        description="You will build agents here: give one instructions, a local model and the tools it may use. Agents arrive in a later version."
        planned={[
          'Agent builder: system prompt, model, tools, knowledge',
          'Per-agent, per-tool permissions',
          'Memory you can inspect, edit and export',
          'Export an agent as one portable file',
        ]}
      />
    </Screen>
  );
}
