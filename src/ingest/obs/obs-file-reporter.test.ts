import { describe, expect, test } from 'vitest';
import type { ObsOutputFile } from '../../core/obs-readings.js';
import { fileAt, ObsFileReporter } from './obs-file-reporter.js';
import type { FileDetails } from './obs-payloads.js';

const AT = Date.UTC(2026, 2, 14, 20, 15);
const DETAILS: FileDetails = { codec: 'obs_x264', width: 1920, height: 1080 };

/** A reporter whose settings reads the test answers by hand. */
function reporter() {
  const sent: ObsOutputFile[] = [];
  const reads: ((details: FileDetails) => void)[] = [];
  const files = new ObsFileReporter(
    () => new Promise<FileDetails>((resolve) => reads.push(resolve)),
    (file) => sent.push(file),
  );
  return { files, sent, reads };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('ObsFileReporter', () => {
  test('a file goes once the settings are read, and files arriving meanwhile share that read', async () => {
    const { files, sent, reads } = reporter();
    files.report(fileAt('recording', 'C:/a.mkv', AT));
    files.report(fileAt('replay', 'C:/b.mkv', AT + 1));
    expect(sent).toEqual([]);
    expect(reads).toHaveLength(1);
    reads[0]!(DETAILS);
    await settled();
    expect(sent).toEqual([
      { ...fileAt('recording', 'C:/a.mkv', AT), ...DETAILS },
      { ...fileAt('replay', 'C:/b.mkv', AT + 1), ...DETAILS },
    ]);
    files.report(fileAt('replay', 'C:/c.mkv', AT + 2));
    expect(reads).toHaveLength(2);
  });

  test('a screenshot goes at once: the settings say nothing of it', () => {
    const { files, sent, reads } = reporter();
    files.report(fileAt('screenshot', 'C:/s.png', AT));
    expect(sent).toEqual([fileAt('screenshot', 'C:/s.png', AT)]);
    expect(reads).toHaveLength(0);
  });

  test('a read that fails leaves the details null and loses no file', async () => {
    const sent: ObsOutputFile[] = [];
    const files = new ObsFileReporter(
      () => Promise.reject(new Error('OBS went away')),
      (f) => sent.push(f),
    );
    files.report(fileAt('replay', 'C:/b.mkv', AT));
    await settled();
    expect(sent).toEqual([fileAt('replay', 'C:/b.mkv', AT)]);
  });

  test('closing sends the files still waiting, once, with what is known of them', async () => {
    const { files, sent, reads } = reporter();
    files.report({ ...fileAt('recording', 'C:/a.mkv', AT), size_bytes: 10, duration_ms: 20 });
    files.flush();
    expect(sent).toEqual([{ ...fileAt('recording', 'C:/a.mkv', AT), size_bytes: 10, duration_ms: 20 }]);
    reads[0]!(DETAILS);
    await settled();
    expect(sent).toHaveLength(1);
  });

  test('beyond 32 files waiting, a file goes at once rather than pile up', () => {
    const { files, sent, reads } = reporter();
    for (let i = 0; i < 40; i += 1) files.report(fileAt('replay', `C:/r${i}.mkv`, AT + i));
    expect(reads).toHaveLength(1);
    expect(sent.map((f) => f.path)).toEqual(Array.from({ length: 8 }, (_, i) => `C:/r${32 + i}.mkv`));
  });
});
