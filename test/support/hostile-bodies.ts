/**
 * Bodies for POST /api/profiles/:profile/events that no server may store or fall over on, each
 * with the status it must get. They assume a stream `s` in the profile. Shared by the in-process
 * suite (app.inject) and the one against a real server process.
 */
export interface HostileBody {
  name: string;
  contentType: string | null;
  /** Built when called: some bodies are tens of megabytes. */
  body: () => string | Buffer;
  /** The statuses acceptable for it: 4xx, or 0 where a real connection may close before the answer is read. */
  statuses: number[];
}

const T = Date.UTC(2026, 0, 10, 18, 0, 0);
const event = (fields: string) => `{"stream":"s","kind":"like","at":${T}${fields}}`;
const deepArrays = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const deepObjects = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const keys = (n: number) => Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',');
type Body = () => string | Buffer;
const json = (body: Body, statuses = [400]): Omit<HostileBody, 'name'> => ({
  contentType: 'application/json',
  body,
  statuses,
});
const ndjson = (body: Body, statuses = [400]): Omit<HostileBody, 'name'> => ({
  contentType: 'application/x-ndjson',
  body,
  statuses,
});

/** One invalid event of about `bytes` bytes (a long text and an unknown kind). */
function bulkyInvalidEvent(bytes: number): string {
  return `{"stream":"s","kind":"nope","at":"bad","text":"${'x'.repeat(bytes - 60)}"}`;
}

/** 30 MB of invalid events, few enough (50,000) to be validated rather than refused as too many. */
export function thirtyMegabytesOfInvalidEvents(): string {
  return `[${Array<string>(50_000).fill(bulkyInvalidEvent(620)).join(',')}]`;
}

/** Every class of hostile body, small ones first. */
export function hostileBodies(): HostileBody[] {
  const list: Record<string, Omit<HostileBody, 'name'>> = {
    'body of arrays nested 100,000 deep': json(() => deepArrays(100_000)),
    'body of objects nested 100,000 deep': json(() => deepObjects(100_000)),
    'data of arrays nested 100,000 deep': json(() => `[${event(`,"data":{"a":${deepArrays(100_000)}}`)}]`),
    'data of objects nested 100,000 deep': json(() => `[${event(`,"data":${deepObjects(100_000)}`)}]`),
    'data nested 17 levels': json(() => `[${event(`,"data":${deepObjects(17)}`)}]`),
    'NDJSON line nested 100,000 deep': ndjson(() => `${event('')}\n${deepArrays(100_000)}\n`),
    'a 10 MB text': json(() => `[${event(`,"text":"${'x'.repeat(10_000_000)}"`)}]`),
    'a 1 MB key': json(() => `[${event(`,"${'k'.repeat(1_000_000)}":1`)}]`),
    'an event with 100,000 keys': json(() => `[${event(`,${keys(100_000)}`)}]`),
    'data with 5,000 keys': json(() => `[${event(`,"data":{${keys(5_000)}}`)}]`),
    'data of 5 KB in two-byte characters': json(() => `[${event(`,"data":{"t":"${'é'.repeat(2_500)}"}`)}]`),
    '__proto__ in data': json(() => `[${event(',"data":{"__proto__":{"polluted":true}}')}]`),
    'escaped __proto__ in data': json(() => `[${event(',"data":{"\\u005f_proto__":{"polluted":true}}')}]`),
    'constructor.prototype in data': json(
      () => `[${event(',"data":{"constructor":{"prototype":{"polluted":true}}}')}]`,
    ),
    '__proto__ as an event field': json(() => `[${event(',"__proto__":{"kind":"gift"}')}]`),
    '__proto__ in user': json(() => `[${event(',"user":{"id":"1","name":"a","__proto__":{"admin":true}}')}]`),
    '__proto__ in an NDJSON line': ndjson(() => `${event(',"data":{"__proto__":{"polluted":true}}')}\n`),
    'invalid UTF-8 in JSON': json(() =>
      Buffer.concat([Buffer.from(`[${event(',"text":"caf')}`), Buffer.from([0xe9]), Buffer.from('"}]')]),
    ),
    'invalid UTF-8 in NDJSON': ndjson(() =>
      Buffer.concat([Buffer.from(event(',"text":"')), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n')]),
    ),
    'binary garbage as JSON': json(() => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff])),
    'text/plain': { contentType: 'text/plain', body: () => `[${event('')}]`, statuses: [400, 415] },
    'application/xml': { contentType: 'application/xml', body: () => '<events/>', statuses: [415] },
    'multipart/form-data': {
      contentType: 'multipart/form-data; boundary=x',
      body: () => `--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n[${event('')}]\r\n--x--\r\n`,
      statuses: [415],
    },
    'JSON declared as latin1': {
      contentType: 'application/json; charset=latin1',
      body: () => Buffer.from([0x5b, 0xe9, 0x5d]),
      statuses: [400, 415],
    },
    'an empty JSON body': json(() => ''),
    'an empty array': json(() => '[]'),
    'an empty NDJSON body': ndjson(() => ''),
    'NDJSON of blank lines': ndjson(() => '\n \r\n\t\n'),
    'NDJSON of a byte-order mark only': ndjson(() => '\ufeff'),
    'a JSON object': json(() => event('')),
    'a JSON string': json(() => '"events"'),
    'JSON null': json(() => 'null'),
    'a JSON number': json(() => '42'),
    'NaN as a count': json(() => `[${event(',"count":NaN')}]`),
    'Infinity as a value': json(() => `[${event(',"value":Infinity')}]`),
    '1e400 as a count': json(() => `[${event(',"count":1e400')}]`),
    '"Infinity" as a value': json(() => `[${event(',"value":"Infinity"')}]`),
    'a count beyond 2^53': json(() => `[${event(',"count":9007199254740993')}]`),
    'a user id beyond 2^53': json(() => `[${event(',"user":{"id":18446744073709551616,"name":"a"}')}]`),
    'at 1e300': json(() => '[{"stream":"s","kind":"like","at":1e300}]'),
    'a negative count': json(() => `[${event(',"count":-1')}]`),
    'a fractional count': json(() => `[${event(',"count":0.5')}]`),
    'a negative value': json(() => `[${event(',"value":-0.01')}]`),
    'at "1"': json(() => '[{"stream":"s","kind":"like","at":"1"}]'),
    'at as a date alone': json(() => '[{"stream":"s","kind":"like","at":"2026-01-10"}]'),
    'at on February 30th': json(() => '[{"stream":"s","kind":"like","at":"2026-02-30T00:00:00Z"}]'),
    'a NUL character in text': json(() => `[${event(',"text":"a\\u0000b"')}]`),
    'a JSON syntax error': json(() => `[${event('')},]`),
    'unterminated JSON': json(() => `[${event('')}`),
    'NDJSON with a line that is not JSON': ndjson(() => `${event('')}\n{oops\n`),
    // 0: over a real connection the server may close it before the client has sent the body
    // (it refuses the upload unread), and the client then loses the 413.
    'a body over the body limit': json(() => `[${' '.repeat(32 * 1024 * 1024)}]`, [413, 0]),
    '30 MB of invalid events': json(() => thirtyMegabytesOfInvalidEvents()),
    '30 MB of invalid NDJSON events': ndjson(() =>
      Array<string>(50_000).fill(bulkyInvalidEvent(620)).join('\n'),
    ),
  };
  return Object.entries(list).map(([name, rest]) => ({ name, ...rest }));
}
