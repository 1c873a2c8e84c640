import { useMemo, useState } from 'react';
import { api, unwrap } from '../../api/client.js';
import { useApi } from '../../app/use-api.js';
import type { OverlayKind as Kind } from '../../../../src/core/overlay-kinds.js';
import { OverlayLinkAccess } from './overlay-link-access.js';
import { OverlayTokensPanel } from './overlay-tokens-panel.js';
import { useOverlayTokens } from './use-overlay-tokens.js';

const KINDS: { kind: Kind; label: string }[] = [
  { kind: 'counters', label: 'Live counters' },
  { kind: 'goal', label: 'Goal bar' },
  { kind: 'leaderboard', label: 'Leaderboard' },
  { kind: 'events', label: 'Recent events' },
];

/**
 * Builds an overlay URL to paste into OBS as a browser source, with a live preview. The URL
 * carries an overlay token for the chosen overlay (made here, or one made or rotated here
 * before), so OBS needs no login.
 */
export function OverlayBuilder({ profile }: { profile: string }) {
  const goals = useApi(profile, (signal) =>
    unwrap(api.GET('/api/profiles/{profile}/goals', { params: { path: { profile } }, signal })),
  );
  const [kind, setKind] = useState<Kind>('counters');
  const [theme, setTheme] = useState('dark');
  const [color, setColor] = useState('#4f8cff');
  const [font, setFont] = useState(28);
  const [metrics, setMetrics] = useState('viewers,likes,coins,followers');
  const [goal, setGoal] = useState('');
  const [metric, setMetric] = useState('coins');
  const [period, setPeriod] = useState('current');
  const [limit, setLimit] = useState(5);
  const [kinds, setKinds] = useState('follow,gift');
  const [copied, setCopied] = useState(false);
  const tokens = useOverlayTokens(profile);
  const held = tokens.heldFor(kind);
  const label = KINDS.find((k) => k.kind === kind)?.label ?? kind;

  const url = useMemo(() => {
    const params = new URLSearchParams({ profile, theme, color: color.replace('#', ''), font: String(font) });
    if (kind === 'counters') params.set('metrics', metrics);
    if (kind === 'goal' && goal) params.set('goal', goal);
    if (kind === 'leaderboard') {
      params.set('metric', metric);
      params.set('period', period);
      params.set('limit', String(limit));
    }
    if (kind === 'events') {
      params.set('kinds', kinds);
      params.set('limit', String(limit));
    }
    if (held) params.set('token', held.token);
    return `${window.location.origin}/overlay/${kind}?${params.toString()}`;
  }, [profile, kind, theme, color, font, metrics, goal, metric, period, limit, kinds, held]);

  const copy = (): void => {
    navigator.clipboard.writeText(url).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };

  return (
    <section className="panel">
      <h2>Overlay builder</h2>
      <div className="form-row">
        <label>
          Overlay
          <select data-testid="overlay-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Theme
          <select value={theme} onChange={(e) => setTheme(e.target.value)}>
            <option>dark</option>
            <option>light</option>
          </select>
        </label>
        <label>
          Colour
          <input type="color" value={color} onChange={(e) => setColor(e.target.value)} />
        </label>
        <label>
          Font size
          <input
            type="number"
            min={8}
            max={200}
            value={font}
            onChange={(e) => setFont(Number(e.target.value))}
          />
        </label>
        {kind === 'counters' && (
          <label>
            Counters
            <input value={metrics} onChange={(e) => setMetrics(e.target.value)} />
          </label>
        )}
        {kind === 'goal' && (
          <label>
            Goal
            <select value={goal} onChange={(e) => setGoal(e.target.value)}>
              <option value="">first goal</option>
              {(goals.data?.goals ?? []).map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {kind === 'leaderboard' && (
          <>
            <label>
              Metric
              <select value={metric} onChange={(e) => setMetric(e.target.value)}>
                {['coins', 'gifts', 'messages', 'likes', 'shares'].map((m) => (
                  <option key={m}>{m}</option>
                ))}
              </select>
            </label>
            <label>
              Period
              <select value={period} onChange={(e) => setPeriod(e.target.value)}>
                {['current', 'today', 'week', 'month', 'last7d', 'last30d', 'all'].map((p) => (
                  <option key={p}>{p}</option>
                ))}
              </select>
            </label>
          </>
        )}
        {kind === 'events' && (
          <label>
            Events
            <input value={kinds} onChange={(e) => setKinds(e.target.value)} />
          </label>
        )}
        {(kind === 'leaderboard' || kind === 'events') && (
          <label>
            Top N
            <input
              type="number"
              min={1}
              max={50}
              value={limit}
              onChange={(e) => setLimit(Number(e.target.value))}
            />
          </label>
        )}
      </div>
      <div className="form-row">
        <code className="code" data-testid="overlay-url">
          {url}
        </code>
        <button onClick={copy}>{copied ? 'Copied' : 'Copy URL'}</button>
      </div>
      <OverlayLinkAccess held={held} onCreate={() => tokens.create(`${label} overlay`, kind)} />
      <iframe
        title="Overlay preview"
        src={url}
        style={{ width: '100%', height: 220, border: '1px dashed #2a3050', background: '#333' }}
      />
      <OverlayTokensPanel tokens={tokens} />
    </section>
  );
}
