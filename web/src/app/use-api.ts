import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import { errorMessage, isAbort } from '../api/client.js';

export interface ApiState<T> {
  /** The latest data read; kept while a newer read is under way. */
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

interface Settled<T> {
  data: T | null;
  error: string | null;
  /** The read these belong to. */
  request: string | null;
}

/**
 * Reads with `load` when the component mounts and whenever `key` changes (a string naming
 * everything `load` depends on); a `null` key reads nothing. A read still under way when the key
 * changes or the component goes is cancelled through its signal.
 */
export function useApi<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): ApiState<T> {
  const [generation, setGeneration] = useState(0);
  const [settled, setSettled] = useState<Settled<T>>({ data: null, error: null, request: null });
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const read = useEffectEvent(load);
  const request = key === null ? null : `${generation}:${key}`;
  useEffect(() => {
    if (request === null) return;
    const abort = new AbortController();
    read(abort.signal).then(
      (data) => setSettled({ data, error: null, request }),
      (err: unknown) => {
        if (!isAbort(err)) setSettled((s) => ({ ...s, error: errorMessage(err), request }));
      },
    );
    return () => abort.abort();
  }, [request]);
  return { data: settled.data, error: settled.error, loading: settled.request !== request, reload };
}
