/**
 * What an API key may do in its profile: `ingest` pushes events (HTTP and the /ingest WebSocket),
 * `read` reads stats, sessions and analytics, `manage` changes settings, streams and goals.
 */
export const API_KEY_SCOPES = ['ingest', 'read', 'manage'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
