import { clipCaptureSchema, parseClipBatch, type ClipCapture } from '../../core/clip-capture.js';

/**
 * The items of a Get Clips answer that are clips StreamPulse can store and whose ids are not in
 * `seen` (they are added to it), and how many items were not such clips (their shape was wrong).
 */
export function parseClipItems(
  items: readonly unknown[],
  seen: Set<string>,
): { clips: ClipCapture[]; skipped: number } {
  const clips: ClipCapture[] = [];
  let skipped = 0;
  for (const item of items) {
    const parsed = parseClipBatch([knownFields(item)]);
    if (!parsed.ok) {
      skipped += 1;
      continue;
    }
    const clip = parsed.clips[0]!;
    if (seen.has(clip.link.id)) continue;
    seen.add(clip.link.id);
    clips.push(clip);
  }
  return { clips, skipped };
}

const CAPTURE_FIELDS = Object.keys(clipCaptureSchema.shape);

/** A Helix item with the fields a capture knows only: Helix may add fields at any time. */
function knownFields(item: unknown): unknown {
  if (!isRecord(item)) return item;
  return Object.fromEntries(CAPTURE_FIELDS.filter((f) => Object.hasOwn(item, f)).map((f) => [f, item[f]]));
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
