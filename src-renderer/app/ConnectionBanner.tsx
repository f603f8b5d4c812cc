import { Banner } from '../components/Banner';
import { Button } from '../components/Button';
import { PlugIcon } from '../components/icons';
import { useNow } from '../lib/useNow';
import { useAppStore } from '../stores/appStore';
import { connectionMessage } from './connectionMessage';

export function ConnectionBanner() {
  const connection = useAppStore((s) => s.connection);
  const everOpen = useAppStore((s) => s.everOpen);
  const everClosed = useAppStore((s) => s.everClosed);
  // Ticks only while not open: drives the retry countdown and the first-connect grace period.
  const now = useNow(500, connection.state !== 'open');
  const message = connectionMessage(connection, { everOpen, everClosed }, now);
  if (!message) return null;

  return (
    <Banner
      level={message.level}
      title={message.title}
      icon={connection.state === 'connecting' ? <Spinner /> : <PlugIcon size={16} />}
      data-testid="connection-status"
      data-state={connection.state}
    >
      {message.detail && <p>{message.detail}</p>}
      {message.offerReload && (
        <Button className="mt-2" onClick={() => window.location.reload()}>
          Reload
        </Button>
      )}
    </Banner>
  );
}

function Spinner() {
  return (
    <span
      aria-hidden="true"
      className="block size-4 animate-spin rounded-full border-2 border-current border-r-transparent opacity-80"
    />
  );
}
