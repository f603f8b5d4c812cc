import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../lib/errors';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  /** Asks again; the last data stays on screen until the answer arrives. */
  reload(): void;
}

/** Data from one core request, asked on mount, when `load` changes, and on `reload()`. */
export function useLoaded<T>(load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data, error: null }),
      (error: unknown) => live && setState((s) => ({ data: s.data, error: errorMessage(error) })),
    );
    return () => {
      live = false;
    };
  }, [load, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}
