import { z } from 'zod';

// C0 and C1 control characters and DEL: never part of a name a person types, and NUL (U+0000)
// cannot be stored by PostgreSQL at all.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * What is wrong with `value` as a name (of a profile, a stream's channel, a goal, a key), or null:
 * empty, longer than `max` characters, holding a control character, or not well-formed UTF-16 (a
 * lone surrogate, which no engine can store as text).
 */
export function displayTextProblem(value: string, max: number): string | null {
  if (value.trim().length === 0) return 'must not be empty';
  if (value.length > max) return `must be at most ${max} characters`;
  if (CONTROL.test(value)) return 'must not contain control characters (U+0000-U+001F, U+007F-U+009F)';
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (no lone surrogate)';
  return null;
}

/** A name a person gives something, as a request schema (see `displayTextProblem`). */
export const displayTextSchema = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .superRefine((value, ctx) => {
      // Lengths are the checks above (they also document the field); the rest is this one's.
      const problem = value.length > 0 && value.length <= max ? displayTextProblem(value, max) : null;
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
