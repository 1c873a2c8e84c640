import { describe, expect, test } from 'vitest';
import { parseIrcUrl } from './irc-url.js';

describe('parseIrcUrl', () => {
  test('reads the default Twitch URL as TLS on port 443', () => {
    expect(parseIrcUrl('wss://irc-ws.chat.twitch.tv:443')).toEqual({
      server: 'irc-ws.chat.twitch.tv',
      port: 443,
      secure: true,
    });
  });

  test('reads a loopback ws URL with its port and without TLS', () => {
    expect(parseIrcUrl('ws://127.0.0.1:41234')).toEqual({ server: '127.0.0.1', port: 41234, secure: false });
  });

  test('defaults the port to 80 for ws', () => {
    expect(parseIrcUrl('ws://chat.example')).toEqual({ server: 'chat.example', port: 80, secure: false });
  });

  test('rejects other schemes, paths and TLS on a port tmi.js would override', () => {
    expect(() => parseIrcUrl('irc://irc.chat.twitch.tv:6667')).toThrow(/ws:\/\/ or wss:\/\//);
    expect(() => parseIrcUrl('ws://127.0.0.1:1/chat')).toThrow(/path/);
    expect(() => parseIrcUrl('wss://127.0.0.1:8443')).toThrow(/443/);
  });
});
