import { afterEach, beforeEach, expect, test } from 'vitest';
import { AuditService } from '../../../src/accounts/audit.service.js';
import { SqliteEngine } from '../../../src/store/sqlite/sqlite-engine.js';
import { makeTempDir } from '../../support/temp-dir.js';

let temp: ReturnType<typeof makeTempDir>;
let engine: SqliteEngine;
let audit: AuditService;
beforeEach(() => {
  temp = makeTempDir();
  engine = new SqliteEngine({ dataDir: temp.dir, sync: 'normal', cacheMiB: 16, sessionGapMs: 60_000 });
  audit = new AuditService(engine.audit, () => 5);
});
afterEach(async () => {
  await engine.close();
  temp.remove();
});

const base = {
  actor: { kind: 'anonymous' as const, id: null, name: null },
  address: '10.0.0.1',
  profile: 'p',
  action: 'PUT x',
  status: 200,
};

test('passwords, secrets, tokens and keys are stored redacted at any depth; other values are kept', async () => {
  await audit.record({
    ...base,
    details: {
      body: {
        name: 'alice',
        password: 'hunter2hunter2',
        new_password: 'x',
        webhook: { url: 'https://example.com/hook', secret: 's3cr3t' },
        token: 'abc',
        key: 'spk_x',
        keys: ['kept'],
        list: [{ secret: 'deep' }],
      },
    },
  });
  const [stored] = await audit.list({ limit: 1 });
  expect(stored).toEqual({
    ...base,
    id: stored!.id,
    at: 5,
    details: {
      body: {
        name: 'alice',
        password: '[redacted]',
        new_password: '[redacted]',
        webhook: { url: 'https://example.com/hook', secret: '[redacted]' },
        token: '[redacted]',
        key: '[redacted]',
        keys: ['kept'],
        list: [{ secret: '[redacted]' }],
      },
    },
  });
});

test('large details are summarised, keeping the path parameters', async () => {
  await audit.record({ ...base, details: { params: { profile: 'p' }, body: { text: 'x'.repeat(9000) } } });
  const [stored] = await audit.list({ limit: 1 });
  expect(stored!.details).toEqual({
    params: { profile: 'p' },
    summary: expect.stringMatching(/^details of \d+ characters left out$/),
  });
});
