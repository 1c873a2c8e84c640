import { useEffect, useState } from 'react';
import { api, unwrap } from '../api/client.js';
import type { GoalProgress } from '../api/openapi.gen.js';
import { formatCount } from '../components/format.js';
import { ProgressBar } from '../components/progress-bar.js';
import { isLinkRefused, useReportLinkRefusal } from './link-refusal.js';
import type { OverlayOptions } from './overlay-options.js';
import { useOverlayLive } from './use-overlay-live.js';

/** A goal bar: `goal=<id>` (else the profile's first goal), `title=` to rename it on screen. */
export function GoalOverlay({ options, profile }: { options: OverlayOptions; profile: string }) {
  const goalId = options.params.get('goal');
  const [goals, setGoals] = useState<GoalProgress[] | null>(null);
  const refuse = useReportLinkRefusal();
  const generation = useOverlayLive(profile, options.token, 'goal_progress', (payload) => {
    if (payload.profile === profile) setGoals(payload.goals);
  });

  useEffect(() => {
    // `goal_progress` is pushed on change only: read the goals at load and after every reconnect.
    if (generation === 0) return;
    const abort = new AbortController();
    unwrap(api.GET('/api/profiles/{profile}/goals', { params: { path: { profile } }, signal: abort.signal }))
      .then((r) => setGoals(r.goals))
      // Else the next reconnect reads again.
      .catch((err: unknown) => {
        if (isLinkRefused(err)) refuse(err.code);
      });
    return () => abort.abort();
  }, [profile, generation, options.token, refuse]);

  const goal = goals?.find((g) => g.id === goalId) ?? (goalId ? undefined : goals?.[0]);
  if (!goal)
    return (
      <div className="ov-box ov-goal" data-testid="overlay-goal">
        {goals ? 'no such goal' : ''}
      </div>
    );
  return (
    <div className="ov-box ov-goal" data-testid="overlay-goal" data-goal={goal.id}>
      <div className="ov-goal-title">
        <span id="ov-goal-name">{options.params.get('title') ?? goal.name}</span>
        <span className="ov-goal-numbers" data-testid="goal-numbers">
          {formatCount(goal.progress)} / {formatCount(goal.current_target)}
        </span>
      </div>
      <ProgressBar
        percent={goal.percent}
        labelledBy="ov-goal-name"
        text={`${formatCount(goal.progress)} of ${formatCount(goal.current_target)}`}
        className="ov-bar"
        fillClassName="ov-bar-fill"
      />
    </div>
  );
}
