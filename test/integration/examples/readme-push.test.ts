import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RunningServer } from '../../../src/main.js';
import { REPO_ROOT, startExample } from '../../support/example-process.js';
import { api, startLiveServer } from '../../support/live-server.js';
import { makeTempDir } from '../../support/temp-dir.js';

const readme = readFileSync(new URL('README.md', `file://${REPO_ROOT}`), 'utf8');
const eventsFile = readFileSync(new URL('examples/events.ndjson', `file://${REPO_ROOT}`), 'utf8');
const EVENT_COUNT = eventsFile.trim().split('\n').length;

let temp: ReturnType<typeof makeTempDir>;
let server: RunningServer;
let ingestKey: string;

/** A README code block's text, found by a string it holds, aimed at the test server. */
function readmeBlock(language: string, holding: string): string {
  const blocks = [...readme.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))];
  const block = blocks.map((m) => m[1]!).find((text) => text.includes(holding));
  if (block === undefined) throw new Error(`no ${language} block holding ${holding} in the README`);
  return block.replaceAll('127.0.0.1:5000', new URL(server.url).host);
}

beforeAll(async () => {
  temp = makeTempDir();
  server = await startLiveServer(temp.dir);
  // The profile and the stream the README's push example makes first.
  expect((await api(server.url, 'POST', '/api/profiles', { id: 'me', name: 'Me' })).status).toBe(201);
  const stream = { id: 'tiktok-main', platform: 'tiktok', channel: '@me' };
  expect((await api(server.url, 'POST', '/api/profiles/me/streams', stream)).status).toBe(201);
  const key = await api(server.url, 'POST', '/api/profiles/me/keys', { name: 'bot', scopes: ['ingest'] });
  expect(key.status).toBe(201);
  ingestKey = ((await key.json()) as { key: string }).key;
}, 60_000);

afterAll(async () => {
  await server?.close();
  temp?.remove();
});

test("the README's push command stores every event of examples/events.ndjson once", async () => {
  const push = readmeBlock('sh', '@examples/events.ndjson').trim().split('\n').slice(-2).join('\n');
  expect(push).toMatch(/^curl -H "Authorization: Bearer \$KEY"/);
  // Asynchronously: the server answering curl runs in this process.
  const run = () =>
    promisify(execFile)('bash', ['-c', `${push} -sS`], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, KEY: ingestKey },
    });
  const first = await run();
  expect(first.stderr).toBe('');
  expect(JSON.parse(first.stdout)).toEqual({ stored: EVENT_COUNT, duplicates: 0 });
  expect(readme).toContain(`{"stored":${EVENT_COUNT},"duplicates":0}`);

  const stats = (await (await api(server.url, 'GET', '/api/profiles/me/stats')).json()) as {
    streams: Record<string, Record<string, number>>;
  };
  expect(stats.streams['tiktok-main']).toMatchObject({
    viewers: 88,
    peak_viewers: 88,
    likes: 15 + 32 + 48,
    gifts: 5 + 1,
    coins: 5 + 99,
    comments: 5,
    joins: 3,
    followers: 2,
    shares: 1,
    subscriptions: 1,
  });
  const log = (await (await api(server.url, 'GET', '/api/profiles/me/events')).json()) as {
    events: { kind: string; id?: string }[];
  };
  expect(log.events.map((e) => e.kind)).toEqual(
    eventsFile
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { kind: string }).kind),
  );

  const again = await run();
  expect(JSON.parse(again.stdout)).toEqual({ stored: 0, duplicates: EVENT_COUNT });
  expect(readme).toContain(`{"stored":0,"duplicates":${EVENT_COUNT}}`);
});

test("the README's /ingest snippet runs as written in Node.js and prints the ack its comment shows", async () => {
  const snippet = readmeBlock('js', '/ingest?key=');
  const shown = /\/\/ (\{"type":"ack".*\})$/m.exec(snippet)?.[1];
  expect(shown).toBeDefined();
  const program = `const key = process.env.KEY;\n${snippet}`;
  const client = startExample(process.execPath, ['--input-type=module', '-e', program], {
    ...process.env,
    KEY: ingestKey,
  });
  try {
    const ack = await client.waitForLine((line) => line.includes('"type":"ack"'));
    expect(JSON.parse(ack)).toEqual(JSON.parse(shown!));
  } finally {
    await client.stop();
  }
  const stats = (await (await api(server.url, 'GET', '/api/profiles/me/stats')).json()) as {
    streams: Record<string, Record<string, number>>;
  };
  expect(stats.streams['tiktok-main']!.likes).toBe(15 + 32 + 48 + 3);
});
