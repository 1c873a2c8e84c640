import { JsonShapeScanner, type JsonProblem } from './json-shape-scanner.js';
import { forEachInSlices, type Pause } from './slices.js';

export {
  MAX_JSON_DEPTH,
  MAX_JSON_OBJECT_KEYS,
  MAX_JSON_STRING_BYTES,
  type JsonProblem,
} from './json-shape-scanner.js';

export type BoundedJson = { ok: true; value: unknown } | ({ ok: false } & JsonProblem);

/** Texts shorter than this are scanned and parsed in one go: it takes a few milliseconds. */
const SLICED_FROM_CHARS = 1_000_000;

/** Characters scanned between two pauses (a few milliseconds' work). */
const SCAN_SLICE_CHARS = 500_000;

/**
 * Parses a JSON text that keeps the limits of json-shape-scanner.ts. The text is first scanned
 * once, linearly and without recursion, so that a body nested 100,000 levels deep or holding a
 * million keys is refused (with the path where it broke the limit) before `JSON.parse` builds it
 * and before anything recurses over it.
 */
export function parseBoundedJson(text: string): BoundedJson {
  const problem = checkJsonShape(text);
  return problem ? { ok: false, ...problem } : parseChecked(text);
}

/** The first limit of json-shape-scanner.ts that `text` breaks, or null. */
export function checkJsonShape(text: string): JsonProblem | null {
  return new JsonShapeScanner(text).scan();
}

/**
 * `parseBoundedJson` for texts of any size: a large one is scanned a slice at a time and, when it
 * is an array (a batch of events), parsed an element at a time, pausing every SLICE_MS (see
 * slices.ts), so that a 30 MB body never holds the event loop for long. Same answers, except that
 * a syntax error inside an element names that element's index as its path.
 */
export async function parseBoundedJsonInSlices(text: string, pause: Pause): Promise<BoundedJson> {
  if (text.length < SLICED_FROM_CHARS) return parseBoundedJson(text);
  const scanner = new JsonShapeScanner(text);
  for (;;) {
    const problem = scanner.scan(SCAN_SLICE_CHARS);
    if (problem) return { ok: false, ...problem };
    if (scanner.isDone) break;
    await pause();
  }
  const elements = scanner.arrayElements();
  if (!elements) return parseChecked(text);
  const values = new Array<unknown>(elements.length);
  let failure: BoundedJson | null = null;
  await forEachInSlices(
    elements.length,
    (i) => {
      if (failure) return;
      const element = parseChecked(text.slice(...elements[i]!));
      if (element.ok) values[i] = element.value;
      else failure = { ...element, path: [i] };
    },
    pause,
  );
  return failure ?? { ok: true, value: values };
}

function parseChecked(text: string): BoundedJson {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, path: [], message: `is not valid JSON: ${reason}` };
  }
}
