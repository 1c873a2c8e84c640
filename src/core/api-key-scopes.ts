/**
 * What an API key may do: `ingest` pushes events to its profile (HTTP and the /ingest
 * WebSocket), `read` reads its stats, sessions and analytics, `manage` changes its settings,
 * streams and goals. `metrics` reads the server's metrics (`GET /metrics`) and nothing else: they
 * name every profile, so only a server admin may grant it, and a key holding it holds no other
 * scope.
 */
export const API_KEY_SCOPES = ['ingest', 'read', 'manage', 'metrics'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
