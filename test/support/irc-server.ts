import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** A loopback Twitch chat server (IRC over WebSocket) that speaks just enough for tmi.js. */
export interface IrcTestServer {
  /** `ws://127.0.0.1:<port>`, to give a connector as its `ircUrl`. */
  readonly url: string;
  /** Every line clients sent, in order (`CAP REQ ...`, `PASS ...`, `NICK ...`, `JOIN ...`). */
  readonly received: readonly string[];
  /** Resolves once a client has joined `#channel` (at once if one already has). */
  waitForJoin(channel: string): Promise<void>;
  /** Sends raw lines to every connected client, `linesPerFrame` lines per WebSocket frame. */
  send(lines: readonly string[], linesPerFrame?: number): void;
  /** Cuts every client off without a close handshake, like a lost network. */
  dropClients(): void;
  /** How many clients are connected now. */
  clientCount(): number;
  close(): Promise<void>;
}

const HOST = 'tmi.twitch.tv';

/**
 * Starts the server on 127.0.0.1, port 0. It answers `CAP REQ` with `CAP * ACK`, `NICK` with the
 * 001-004 and 375/372/376 welcome (tmi.js counts itself connected on 376), `JOIN` with the JOIN
 * echo (tmi.js's "joined" signal for anonymous users) and a ROOMSTATE (which settles tmi.js's
 * join promise), `PART` with its echo and `PING` with a prefix-less `PONG` (the only form
 * tmi.js's ping timeout accepts).
 */
export async function startIrcServer(): Promise<IrcTestServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'irc' });
  await once(wss, 'listening');
  const received: string[] = [];
  const joined = new Set<string>();
  const joinWaiters = new Map<string, (() => void)[]>();

  const markJoined = (channel: string) => {
    joined.add(channel);
    for (const resolve of joinWaiters.get(channel) ?? []) resolve();
    joinWaiters.delete(channel);
  };

  wss.on('connection', (socket: WebSocket) => {
    let nick = 'justinfan0';
    const reply = (...lines: string[]) => socket.send(lines.join('\r\n'));
    socket.on('message', (data: Buffer) => {
      for (const line of data.toString('utf8').split('\r\n')) {
        if (line === '') continue;
        received.push(line);
        const [command = '', ...args] = line.split(' ');
        switch (command) {
          case 'CAP':
            reply(`:${HOST} CAP * ACK ${args.slice(1).join(' ')}`);
            break;
          case 'NICK':
            nick = args[0] ?? nick;
            reply(
              `:${HOST} 001 ${nick} :Welcome, GLHF!`,
              `:${HOST} 002 ${nick} :Your host is ${HOST}`,
              `:${HOST} 003 ${nick} :This server is rather new`,
              `:${HOST} 004 ${nick} :-`,
              `:${HOST} 375 ${nick} :-`,
              `:${HOST} 372 ${nick} :You are in a maze of twisty passages, all alike.`,
              `:${HOST} 376 ${nick} :>`,
            );
            break;
          case 'JOIN':
            for (const channel of (args[0] ?? '').split(',')) {
              reply(
                `:${nick}!${nick}@${nick}.${HOST} JOIN ${channel}`,
                `@room-id=1;slow=0;subs-only=0 :${HOST} ROOMSTATE ${channel}`,
              );
              markJoined(channel);
            }
            break;
          case 'PART':
            reply(`:${nick}!${nick}@${nick}.${HOST} PART ${args[0] ?? ''}`);
            break;
          case 'PING':
            reply(`PONG :${HOST}`);
            break;
          default:
            break;
        }
      }
    });
  });

  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    received,
    waitForJoin: (channel) =>
      joined.has(channel)
        ? Promise.resolve()
        : new Promise((resolve) => joinWaiters.set(channel, [...(joinWaiters.get(channel) ?? []), resolve])),
    send(lines, linesPerFrame = 50) {
      for (const client of wss.clients) {
        for (let i = 0; i < lines.length; i += linesPerFrame) {
          client.send(lines.slice(i, i + linesPerFrame).join('\r\n'));
        }
      }
    },
    dropClients() {
      for (const client of wss.clients) client.terminate();
    },
    clientCount: () => wss.clients.size,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve, reject) => wss.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
