import { useState, type FormEvent } from 'react';
import { api, errorMessage, unwrap } from '../../api/client.js';
import type { Stream } from '../../api/openapi.gen.js';
import { useApi } from '../../app/use-api.js';

const PLATFORMS: Stream['platform'][] = ['tiktok', 'twitch', 'youtube', 'custom'];
const CHANNEL_HINT: Record<Stream['platform'], string> = {
  tiktok: '@handle',
  twitch: '#channel',
  youtube: '@handle, channel id or video id',
  custom: 'any name',
};

/** The profile's streams: add a channel, enable it, connect or disconnect it, remove it. */
export function StreamsSettings({ profile }: { profile: string }) {
  const streams = useApi(profile, (signal) =>
    unwrap(api.GET('/api/profiles/{profile}/streams', { params: { path: { profile } }, signal })),
  );
  const [draft, setDraft] = useState({ id: '', platform: 'tiktok' as Stream['platform'], channel: '' });
  const [error, setError] = useState<string | null>(null);
  const run = (action: Promise<unknown>): void => {
    action.then(
      () => {
        setError(null);
        streams.reload();
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  };
  const add = (e: FormEvent): void => {
    e.preventDefault();
    run(
      unwrap(
        api.POST('/api/profiles/{profile}/streams', { params: { path: { profile } }, body: draft }),
      ).then(() => setDraft({ ...draft, id: '', channel: '' })),
    );
  };
  const params = (stream: string) => ({ path: { profile, stream } });
  return (
    <section className="panel">
      <h2>Streams</h2>
      <table className="table compact" data-testid="streams">
        <thead>
          <tr>
            <th scope="col">Stream</th>
            <th scope="col">Enabled</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {(streams.data?.streams ?? []).map((s) => (
            <tr key={s.id}>
              <td>
                {s.id}{' '}
                <span className="muted small">
                  {s.platform} {s.channel}
                </span>
              </td>
              <td>
                <label>
                  <input
                    type="checkbox"
                    checked={s.enabled}
                    onChange={(e) =>
                      run(
                        unwrap(
                          api.PATCH('/api/profiles/{profile}/streams/{stream}', {
                            params: params(s.id),
                            body: { enabled: e.target.checked },
                          }),
                        ),
                      )
                    }
                  />{' '}
                  enabled
                </label>
              </td>
              <td className="actions">
                <button
                  onClick={() =>
                    run(
                      unwrap(
                        api.POST('/api/profiles/{profile}/streams/{stream}/connect', {
                          params: params(s.id),
                        }),
                      ),
                    )
                  }
                >
                  Connect
                </button>
                <button
                  onClick={() =>
                    run(
                      unwrap(
                        api.POST('/api/profiles/{profile}/streams/{stream}/disconnect', {
                          params: params(s.id),
                        }),
                      ),
                    )
                  }
                >
                  Disconnect
                </button>
                <button
                  className="danger"
                  onClick={() =>
                    window.confirm(`Remove the stream "${s.id}"?`) &&
                    run(
                      unwrap(
                        api.DELETE('/api/profiles/{profile}/streams/{stream}', { params: params(s.id) }),
                      ),
                    )
                  }
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="form-row" onSubmit={add}>
        <label>
          Platform
          <select
            value={draft.platform}
            onChange={(e) => setDraft({ ...draft, platform: e.target.value as Stream['platform'] })}
          >
            {PLATFORMS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label>
          Channel
          <input
            required
            value={draft.channel}
            placeholder={CHANNEL_HINT[draft.platform]}
            onChange={(e) => setDraft({ ...draft, channel: e.target.value })}
          />
        </label>
        <label>
          Stream id
          <input
            required
            value={draft.id}
            placeholder="tiktok-main"
            onChange={(e) => setDraft({ ...draft, id: e.target.value })}
          />
        </label>
        <button type="submit">Add stream</button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
