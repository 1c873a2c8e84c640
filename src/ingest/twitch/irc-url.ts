/** tmi.js's `connection` options for one WebSocket chat server. */
export interface TmiServer {
  server: string;
  port: number;
  secure: boolean;
}

/**
 * Reads a chat server URL (`wss://irc-ws.chat.twitch.tv:443`, `ws://127.0.0.1:6667`) into the
 * host, port and TLS flag tmi.js takes. The port defaults to 443 for wss and 80 for ws. Throws
 * on other schemes, on paths (tmi.js always connects to `/`), and on wss with a port other than
 * 443 (tmi.js forces 443 whenever TLS is on).
 */
export function parseIrcUrl(ircUrl: string): TmiServer {
  const url = new URL(ircUrl);
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new Error(`Twitch IRC URL must be ws:// or wss://, got ${url.protocol}`);
  }
  if (url.pathname !== '/' || url.search !== '') {
    throw new Error('Twitch IRC URL must not have a path or query');
  }
  const secure = url.protocol === 'wss:';
  const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
  if (secure && port !== 443) throw new Error('tmi.js only speaks TLS on port 443');
  // URL keeps IPv6 hosts in brackets; tmi.js adds none, so keep them.
  return { server: url.hostname, port, secure };
}
