import { describe, expect, test } from 'vitest';
import { formatLogLine } from './pretty-log-formatter.js';

const AT = Date.UTC(2026, 0, 10, 18, 4, 5, 123);
const line = (entry: object) => `${JSON.stringify({ pid: 7, hostname: 'box', time: AT, ...entry })}\n`;

describe('formatLogLine', () => {
  test('writes the time, level, module and message, then the other fields as key=value', () => {
    const text = formatLogLine(
      line({ level: 30, module: 'ingest.pipeline', msg: 'batch written', profile: 'demo', events: 42 }),
      { colours: false },
    );
    expect(text).toBe('18:04:05.123 INFO  [ingest.pipeline] batch written  profile=demo events=42\n');
  });

  test('quotes a value with spaces and writes objects as JSON, leaving out pid and hostname', () => {
    const text = formatLogLine(
      line({ level: 40, msg: 'connector reconnecting', reason: 'socket closed', demo: { on: true } }),
      { colours: false },
    );
    expect(text).toBe('18:04:05.123 WARN  connector reconnecting  reason="socket closed" demo={"on":true}\n');
  });

  test("indents an error's stack under its line", () => {
    const err = { type: 'Error', message: 'boom', stack: 'Error: boom\n    at run (main.ts:1:1)' };
    const text = formatLogLine(line({ level: 50, msg: 'usage not recorded', err }), { colours: false });
    expect(text.split('\n')).toEqual([
      '18:04:05.123 ERROR usage not recorded',
      '    Error: boom',
      '        at run (main.ts:1:1)',
      '',
    ]);
  });

  test('colours the level name only when asked', () => {
    const text = formatLogLine(line({ level: 60, msg: 'down' }), { colours: true });
    expect(text).toBe('18:04:05.123 \u001b[35mFATAL\u001b[0m down\n');
  });

  test('passes a line that is not a JSON object through unchanged, so nothing is lost', () => {
    expect(formatLogLine('not json', { colours: false })).toBe('not json\n');
    expect(formatLogLine('[1,2]\n', { colours: false })).toBe('[1,2]\n');
  });
});
