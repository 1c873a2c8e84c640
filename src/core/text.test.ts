import { expect, test } from 'vitest';
import { textSchema } from './text.js';

test('text refuses U+0000 anywhere and keeps every other character, control ones included', () => {
  const name = textSchema(1, 20);
  for (const bad of ['\u0000', 'a\u0000', '\u0000b', 'a\u0000b']) {
    expect(name.safeParse(bad).error?.issues[0]?.message, JSON.stringify(bad)).toBe(
      'must not contain the NUL character (U+0000)',
    );
  }
  expect(name.parse('\u0001\u001f\u007f 😀 é')).toBe('\u0001\u001f\u007f 😀 é');
  expect(name.safeParse('').success).toBe(false);
  expect(name.safeParse('x'.repeat(21)).success).toBe(false);
});
