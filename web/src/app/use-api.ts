import { useCallback, useEffect, useState } from 'react';
import { call, errorMessage, type CallArgs, type Operation } from '../api/client.js';
import type { ApiOperations } from '../api/openapi.gen.js';

export interface ApiState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Calls an operation when the component mounts and whenever `key` changes (a string naming
 * everything the call depends on); `null` args skip the call.
 */
export function useApi<K extends Operation>(
  operation: K,
  args: CallArgs<K> | null,
  key: string,
): ApiState<ApiOperations[K]['response']> {
  const [data, setData] = useState<ApiOperations[K]['response'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  useEffect(() => {
    if (args === null) return;
    const abort = new AbortController();
    setLoading(true);
    call(operation, args, abort.signal)
      .then((result) => {
        setData(result);
        setError(null);
      })
      .catch((err: unknown) => {
        if (!abort.signal.aborted) setError(errorMessage(err));
      })
      .finally(() => {
        if (!abort.signal.aborted) setLoading(false);
      });
    return () => abort.abort();
    // `key` names everything `args` holds, so it alone decides when to call again.
  }, [operation, key, generation]);
  return { data, error, loading, reload };
}
