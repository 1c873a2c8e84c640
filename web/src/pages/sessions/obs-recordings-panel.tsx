import type { ObsRecording } from '../../api/openapi.gen.js';
import { formatBytes, formatDuration, formatTime } from '../../components/format.js';

const KINDS: Record<ObsRecording['kind'], string> = {
  recording: 'Recording',
  replay: 'Replay',
  screenshot: 'Screenshot',
};

/** The file's name: what follows the last slash of its path (OBS runs on Windows, macOS or Linux). */
export const fileNameOf = (path: string): string => path.split(/[\\/]/).pop() || path;

/**
 * The files OBS wrote during the session: recordings, saved replays and screenshots, oldest
 * first, each with its name (the full path in its title: the file is on the machine OBS runs on),
 * size, duration, resolution and codec where OBS said them. `isCut`: more were written than listed.
 */
export function ObsRecordingsPanel(props: {
  recordings: readonly ObsRecording[];
  isCut: boolean;
  until: string;
}) {
  const { recordings, isCut, until } = props;
  return (
    <section className="panel" aria-labelledby="obs-recordings-heading" data-testid="obs-recordings">
      <h2 id="obs-recordings-heading">Recordings</h2>
      <p className="muted small">
        Files OBS wrote from the session&apos;s start {until}
        {isCut && `; the first ${recordings.length} are listed`}.
      </p>
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Written</th>
            <th scope="col">File</th>
            <th scope="col">Size</th>
            <th scope="col">Duration</th>
            <th scope="col">Resolution</th>
            <th scope="col">Codec</th>
          </tr>
        </thead>
        <tbody>
          {recordings.map((r) => (
            <tr key={r.id} data-testid="obs-recording" data-kind={r.kind}>
              <td>{KINDS[r.kind] ?? String(r.kind)}</td>
              <td>{formatTime(r.at)}</td>
              <td title={r.path} data-testid="obs-recording-file">
                {fileNameOf(r.path)}
              </td>
              <td>{r.size_bytes === null ? '—' : formatBytes(r.size_bytes)}</td>
              <td>{r.duration_ms === null ? '—' : formatDuration(r.duration_ms)}</td>
              <td>{r.width === null || r.height === null ? '—' : `${r.width}×${r.height}`}</td>
              <td>{r.codec ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
