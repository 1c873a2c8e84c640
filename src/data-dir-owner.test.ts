import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir, uptime } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { claimDataDir, findDataDirOwner, OWNER_FILE, type DataDirOwner } from './data-dir-owner.js';
import { createLogger } from './logger.js';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(path.join(tmpdir(), 'owner-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const log = createLogger('silent');
/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid;

function writeOwnerFile(owner: Partial<DataDirOwner>, ageMs = 0): void {
  const file = path.join(dir, OWNER_FILE);
  const record = {
    pid: process.ppid,
    host: hostname(),
    url: 'http://127.0.0.1:5000',
    startedAt: 1,
    version: '1',
  };
  writeFileSync(file, JSON.stringify({ ...record, ...owner }));
  const at = (Date.now() - ageMs) / 1000;
  utimesSync(file, at, at);
}

test('a claim names its server until released, and the release removes the file', () => {
  const claim = claimDataDir(dir, '1.2.3', log);
  claim.setUrl('http://127.0.0.1:5123');
  // This process is the owner; another process reading the directory would find it.
  expect(findDataDirOwner(dir)).toMatchObject({
    pid: process.pid,
    host: hostname(),
    url: 'http://127.0.0.1:5123',
    version: '1.2.3',
  });
  claim.release();
  expect(existsSync(path.join(dir, OWNER_FILE))).toBe(false);
  expect(findDataDirOwner(dir)).toBeNull();
});

test('another live server on this host owns the directory: a second claim is refused naming it', () => {
  writeOwnerFile({ pid: process.ppid });
  expect(findDataDirOwner(dir)?.pid).toBe(process.ppid);
  expect(() => claimDataDir(dir, '1', log)).toThrow(
    expect.objectContaining({
      code: 'DATA_DIR_IN_USE',
      message: expect.stringContaining(`pid ${process.ppid}, http://127.0.0.1:5000`) as string,
    }),
  );
});

test('a file whose process is gone is stale: ignored, and a claim replaces it', () => {
  const pid = deadPid();
  writeOwnerFile({ pid });
  expect(findDataDirOwner(dir)).toBeNull();
  const claim = claimDataDir(dir, '1', log);
  expect((JSON.parse(readFileSync(path.join(dir, OWNER_FILE), 'utf8')) as DataDirOwner).pid).toBe(
    process.pid,
  );
  claim.release();
});

test('a file written before this host last started is stale, whatever process holds its pid now', () => {
  writeOwnerFile({ pid: process.ppid }, uptime() * 1000 + 60_000);
  expect(findDataDirOwner(dir)).toBeNull();
});

test("another host's file counts while it is refreshed, and is stale a minute after", () => {
  writeOwnerFile({ host: 'elsewhere', pid: deadPid() }, 5_000);
  expect(findDataDirOwner(dir)).toMatchObject({ host: 'elsewhere' });
  writeOwnerFile({ host: 'elsewhere' }, 61_000);
  expect(findDataDirOwner(dir)).toBeNull();
});

test('a file that is not an ownership record is ignored', () => {
  writeFileSync(path.join(dir, OWNER_FILE), '{"pid": "x"');
  expect(findDataDirOwner(dir)).toBeNull();
});
