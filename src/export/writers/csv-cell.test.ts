import { describe, expect, test } from 'vitest';
import { ZonedClock } from '../zoned-clock.js';
import { csvField, csvText } from './csv-cell.js';

const text = { key: 't', header: 'T', type: 'text' } as const;
const date = { key: 'd', header: 'D', type: 'date' } as const;
const number = { key: 'n', header: 'N', type: 'number' } as const;

describe('CSV fields', () => {
  test('a text a spreadsheet would run as a formula starts with a quote (OWASP)', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvText(`${start}SUM(A1)`)).toMatch(/^"?'/);
    expect(csvText('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvText('a=b')).toBe('a=b');
  });

  test('quotes a field holding a comma, a quote or a line break, doubling its quotes (RFC 4180)', () => {
    expect(csvText('Zoë, "the" best\nline')).toBe('"Zoë, ""the"" best\nline"');
    expect(csvText('plain text')).toBe('plain text');
  });

  test('numbers stay numbers (a negative one is not guarded), dates are ISO text with the offset', () => {
    const clock = new ZonedClock('Europe/Berlin');
    expect(csvField(-5, number, clock)).toBe('-5');
    expect(csvField(Number.NaN, number, clock)).toBe('');
    expect(csvField(null, text, clock)).toBe('');
    expect(csvField(Date.UTC(2026, 6, 1, 12), date, clock)).toBe('2026-07-01T14:00:00.000+02:00');
  });
});
