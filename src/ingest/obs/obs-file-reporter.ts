import type { ObsFileKind, ObsOutputFile } from '../../core/obs-readings.js';
import type { FileDetails } from './obs-payloads.js';

/** Files waiting for their details; a file beyond goes at once, without them. */
const MAX_WAITING_FILES = 32;
export const NO_DETAILS: FileDetails = { codec: null, width: null, height: null };

/** A file OBS wrote, with nothing known of it yet but where and when. */
export function fileAt(kind: ObsFileKind, path: string, at: number): ObsOutputFile {
  return { kind, path, at, size_bytes: null, duration_ms: null, codec: null, width: null, height: null };
}

/**
 * Sends the files OBS writes with the details read from its settings. A file waits for one read
 * of the settings, shared by the files that arrive while it is under way (the settings cannot
 * change while OBS writes); a screenshot (the settings say nothing of it) and a file beyond the
 * waiting limit go at once. No file is lost to a read that fails: it goes with what is known.
 */
export class ObsFileReporter {
  private readonly waiting = new Set<ObsOutputFile>();
  private details: Promise<FileDetails> | null = null;

  /** `readDetails` reads OBS's settings; `send` hands a file on. */
  constructor(
    private readonly readDetails: () => Promise<FileDetails>,
    private readonly send: (file: ObsOutputFile) => void,
  ) {}

  report(file: ObsOutputFile): void {
    if (file.kind === 'screenshot' || this.waiting.size >= MAX_WAITING_FILES) {
      this.send(file);
      return;
    }
    this.waiting.add(file);
    void this.sharedDetails().then((details) => this.complete(file, details));
  }

  /** Sends the files still waiting, with what is known of them (the link is closing). */
  flush(): void {
    for (const file of [...this.waiting]) this.complete(file, NO_DETAILS);
  }

  private complete(file: ObsOutputFile, details: FileDetails): void {
    if (!this.waiting.delete(file)) return;
    this.send({ ...file, ...details });
  }

  private sharedDetails(): Promise<FileDetails> {
    this.details ??= this.readDetails()
      .catch(() => NO_DETAILS)
      .finally(() => (this.details = null));
    return this.details;
  }
}
