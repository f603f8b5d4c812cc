import { useEffect, useState } from 'react';
import type { RemoteModelChoice } from '@contract';
import { getBridge } from '../../../bridge';

/** Node models and pools the builder can offer; refreshed when nodes or pools change. */
export function useRemoteChoices(): RemoteModelChoice[] {
  const [choices, setChoices] = useState<RemoteModelChoice[]>([]);
  useEffect(() => {
    const bridge = getBridge();
    let alive = true;
    const refresh = () =>
      void bridge.request('nodes.choices', {}).then(
        (next) => alive && setChoices(next),
        () => undefined,
      );
    refresh();
    const offNodes = bridge.on('nodes.changed', refresh);
    const offPools = bridge.on('nodes.poolsChanged', refresh);
    return () => {
      alive = false;
      offNodes();
      offPools();
    };
  }, []);
  return choices;
}
