import { EmptyState } from '../../components/EmptyState';
import { ChatIcon } from '../../components/icons';
import { Screen } from '../../components/Screen';

export function ChatScreen() {
  return (
    <Screen id="chat" title="Chat" description="Conversations with local models and agents, kept on this computer.">
      <EmptyState
        icon={ChatIcon}
        title="Chat is not available yet"
        description="This is where you will talk to a model or an agent running entirely offline. This version sets up the app frame, settings and the hardware check; chat arrives in a later version."
        planned={[
          'Streaming replies with a stop button',
          'Conversations saved locally and searchable',
          'Markdown and code rendering',
          'Pick the model or agent per conversation',
          'Approve or deny tool calls inline',
        ]}
      />
    </Screen>
  );
}
