import type { RecordingFigures } from './obs-payloads.js';

/** A file of a recording that OBS finished, with how big and long it is as far as OBS tells. */
export interface RecordingPart {
  path: string;
  size_bytes: number | null;
  duration_ms: number | null;
}

/** What a RecordFileChanged finished: the file before, or why there is none to tell. */
export type SplitOutcome =
  { finished: RecordingPart } | { finished: null; why: 'not recording' | 'same file' | 'file not known' };

/** The file OBS writes: its path (null: not known) and the recording's figures when it began. */
interface CurrentFile {
  path: string | null;
  start: RecordingFigures | null;
}

const ZERO: RecordingFigures = { size_bytes: 0, duration_ms: 0 };

/**
 * The files of the recording under way: one, or several one after another when OBS splits it
 * (RecordFileChanged), and how big and long each is. GetRecordStatus tells the whole recording's
 * figures so far, so a file's are their growth from the last reading before it began to the last
 * reading before it ended (within a reading interval of its own), and null where that cannot be
 * told: no reading while OBS wrote it, where it began not known, or figures that went back.
 */
export class ObsRecordingParts {
  private current: CurrentFile | null = null;
  /** The recording's figures as last read since the current file began. */
  private last: RecordingFigures | null = null;
  private fileEpoch = 0;

  get isRecording(): boolean {
    return this.current !== null;
  }

  /**
   * Changes whenever OBS begins or ends a file: a reading asked under one epoch and answered
   * under another is not the current file's (it may have been read on either side of the change).
   */
  get epoch(): number {
    return this.fileEpoch;
  }

  /** OBS started recording into `path` (null: not named); a new recording counts from zero. */
  started(path: string | null): void {
    this.begin({ path, start: ZERO });
  }

  /**
   * The link connected while OBS records, reading `figures`: the file it writes is not known,
   * and it began at zero only if OBS cannot have split the recording before (`splits` false).
   */
  joined(figures: RecordingFigures | null, splits: boolean | null): void {
    this.begin({ path: null, start: splits === false ? ZERO : null });
    this.last = figures;
  }

  /** The recording's figures from a reading asked under `epoch`. */
  read(figures: RecordingFigures, epoch: number): void {
    if (this.current !== null && epoch === this.fileEpoch) this.last = figures;
  }

  /** OBS began writing `newPath`: the file it wrote until then is finished. */
  split(newPath: string): SplitOutcome {
    const ending = this.current;
    if (ending === null) return { finished: null, why: 'not recording' };
    if (ending.path === newPath) return { finished: null, why: 'same file' };
    const atSplit = this.last;
    this.begin({ path: newPath, start: atSplit });
    if (ending.path === null) return { finished: null, why: 'file not known' };
    return { finished: partOf(ending.path, ending.start, atSplit) };
  }

  /**
   * The recording stopped, OBS naming `path` (null: none) as the last file it wrote: that file,
   * or the one known to be under way when OBS names none. Two files when OBS names another than
   * the one it said it writes: it split the recording without saying so (obs-websocket before
   * 5.5), and what each holds is not known.
   */
  stopped(path: string | null): RecordingPart[] {
    const ending = this.current;
    const atStop = this.last;
    this.current = null;
    this.last = null;
    this.fileEpoch += 1;
    if (ending === null) return path === null ? [] : [partOf(path, null, null)];
    if (ending.path !== null && path !== null && path !== ending.path) {
      return [partOf(ending.path, null, null), partOf(path, null, null)];
    }
    const named = path ?? ending.path;
    return named === null ? [] : [partOf(named, ending.start, atStop)];
  }

  private begin(file: CurrentFile): void {
    this.current = file;
    this.last = null;
    this.fileEpoch += 1;
  }
}

/** A file with the recording's growth from `start` to `end`; null figures when that is not known. */
function partOf(path: string, start: RecordingFigures | null, end: RecordingFigures | null): RecordingPart {
  const size = start && end ? end.size_bytes - start.size_bytes : -1;
  const duration = start && end ? end.duration_ms - start.duration_ms : -1;
  // Figures that went back are not a growth (OBS counted from zero again): nothing is told.
  if (size < 0 || duration < 0) return { path, size_bytes: null, duration_ms: null };
  return { path, size_bytes: size, duration_ms: duration };
}
