import type { Connector, ConnectorFactory, ConnectorHandlers } from './connector.js';

/**
 * A factory whose module is loaded on the first connect: the platform libraries take most of the
 * server's start-up (TikTok's and YouTube's about half a second each), and many users never
 * connect those platforms. A failure to load is the first connect's error, retried like any.
 */
export function lazyConnectorFactory(load: () => Promise<ConnectorFactory>): ConnectorFactory {
  let loading: Promise<ConnectorFactory> | null = null;
  const factory = () => {
    loading ??= load();
    loading.catch(() => (loading = null));
    return loading;
  };
  return (target, context): Connector => {
    let connector: Connector | null = null;
    let stopped = false;
    return {
      async connect(handlers: ConnectorHandlers): Promise<void> {
        const create = await factory();
        if (stopped) throw new Error('disconnected before the connector was loaded');
        connector = create(target, context);
        await connector.connect(handlers);
      },
      async disconnect(): Promise<void> {
        stopped = true;
        await connector?.disconnect();
      },
    };
  };
}
