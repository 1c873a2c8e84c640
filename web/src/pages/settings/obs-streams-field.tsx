import type { Stream } from '../../api/openapi.gen.js';

/**
 * Which of the profile's streams OBS feeds (none ticked: every stream). A stream the settings
 * name that the profile no longer has stays listed, so that it can be unticked.
 */
export function ObsStreamsField(props: {
  streams: readonly Stream[] | null;
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
}) {
  const { streams, chosen, onChange } = props;
  const known = new Set((streams ?? []).map((s) => s.id));
  const listed = [...(streams ?? []).map((s) => s.id), ...chosen.filter((id) => !known.has(id))];
  const platformOf = new Map((streams ?? []).map((s) => [s.id, s.platform]));
  const toggle = (id: string, isTicked: boolean): void =>
    // Kept in the order listed, whatever order they were ticked in.
    onChange(listed.filter((s) => (s === id ? isTicked : chosen.includes(s))));
  return (
    <fieldset data-testid="obs-streams">
      <legend>Streams OBS broadcasts to</legend>
      <p className="muted small">
        Their recording status follows OBS&apos;s, and health alerts are triggers of the first. None ticked:
        every stream of the profile.
      </p>
      {streams === null && <p className="muted small">Loading the streams…</p>}
      {streams !== null && listed.length === 0 && (
        <p className="muted small">The profile has no stream yet.</p>
      )}
      {listed.map((id) => (
        <label className="check" key={id}>
          <input
            type="checkbox"
            checked={chosen.includes(id)}
            onChange={(e) => toggle(id, e.target.checked)}
          />
          {id}{' '}
          <span className="muted small">{platformOf.get(id) ?? 'no longer a stream of this profile'}</span>
        </label>
      ))}
    </fieldset>
  );
}
