import { describe, expect, test } from 'vitest';
import { ValidationError } from '../../core/errors.js';
import { checkPrecisionBounds, MAX_PRECISION_MINUTES, MAX_PRECISION_SESSIONS } from './precision-bounds.js';

const refusal = (sessions: number, minutes: number, windows: number) => {
  try {
    checkPrecisionBounds(sessions, minutes, windows);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as ValidationError;
  }
};

describe('checkPrecisionBounds', () => {
  test('takes up to 200 sessions and 200,000 minutes with the default windows', () => {
    expect(refusal(MAX_PRECISION_SESSIONS, MAX_PRECISION_MINUTES, 90)).toBeNull();
    expect(refusal(MAX_PRECISION_SESSIONS + 1, 60, 90)?.code).toBe('RANGE_TOO_LARGE');
    expect(refusal(1, MAX_PRECISION_MINUTES + 1, 90)?.code).toBe('RANGE_TOO_LARGE');
  });

  test('takes fewer minutes with wider baseline windows, and says how many', () => {
    expect(refusal(1, 12_000, 1500)).toBeNull();
    const err = refusal(1, 12_001, 1500);
    expect(err?.code).toBe('RANGE_TOO_LARGE');
    expect(err?.details).toEqual([
      {
        field: 'querystring.to',
        message: expect.stringContaining('12000 minutes') as string,
      },
    ]);
  });
});
