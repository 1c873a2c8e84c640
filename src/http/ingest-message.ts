import { parseBoundedJson } from '../core/bounded-json.js';
import type { ErrorBody } from './error-body.js';

/** The longest `ref` a message may carry (it is echoed in every answer). */
export const MAX_REF_CHARS = 200;

/** A message a client sends: a batch of wire events, with a reference echoed in the answer. */
export interface IngestMessage {
  ref: string | number | null;
  events: unknown[];
}

export type ParsedMessage = { ok: true; message: IngestMessage } | { ok: false; error: ErrorBody };

/**
 * Reads one /ingest message: `{"ref"?, "events": [...]}` or a bare array of events, as JSON
 * within the limits of json-shape-scanner.ts (checked before it is parsed). `text` is null for a
 * binary frame. Every refusal is MESSAGE_INVALID, naming the field when there is one.
 */
export function parseIngestMessage(text: string | null): ParsedMessage {
  if (text === null) return invalid('send text frames holding JSON');
  const parsed = parseBoundedJson(text);
  if (!parsed.ok) {
    if (parsed.path.length === 0) return invalid('the message is not valid JSON');
    const field = ['message', ...parsed.path].join('.');
    return invalid('the message breaks a limit', { field, message: parsed.message });
  }
  const value = parsed.value;
  if (Array.isArray(value)) return { ok: true, message: { ref: null, events: value } };
  if (typeof value !== 'object' || value === null || !Array.isArray((value as IngestMessage).events)) {
    return invalid('expected {"ref"?, "events": [...]} or an array of events');
  }
  const { ref = null, events } = value as Partial<IngestMessage> & { events: unknown[] };
  if (!isRef(ref)) {
    return invalid(`ref must be a string of at most ${MAX_REF_CHARS} characters or a number`, {
      field: 'ref',
      message: 'is not a string or a finite number',
    });
  }
  return { ok: true, message: { ref, events } };
}

function isRef(ref: unknown): ref is string | number | null {
  if (ref === null) return true;
  if (typeof ref === 'string') return ref.length <= MAX_REF_CHARS;
  return typeof ref === 'number' && Number.isFinite(ref);
}

function invalid(message: string, detail?: { field: string; message: string }): ParsedMessage {
  const error: ErrorBody = { code: 'MESSAGE_INVALID', message };
  if (detail) Object.assign(error, { details: [detail], total: 1 });
  return { ok: false, error };
}
