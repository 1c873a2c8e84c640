import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { copyField, CopyBuffer } from './copy-text.js';

describe('CopyBuffer', () => {
  test('holds the UTF-8 bytes of the lines appended, however far it had to grow', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 40, unit: 'grapheme' }),
      fc.constantFrom('Zoë\n', '🌹🌹\t🌹', '名前', 'x'.repeat(5000)),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), fc.integer({ min: 1, max: 64 }), (lines, start) => {
        const buffer = new CopyBuffer(start);
        for (const l of lines) buffer.append(l);
        expect(buffer.bytes.equals(Buffer.from(lines.join(''), 'utf8'))).toBe(true);
      }),
    );
  });
});

describe('copyField', () => {
  test('escapes what COPY text reads specially and spells null \\N', () => {
    expect(copyField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyField('plain "quoted"')).toBe('plain "quoted"');
    expect(copyField(null)).toBe('\\N');
    expect(copyField(undefined)).toBe('\\N');
  });
});
