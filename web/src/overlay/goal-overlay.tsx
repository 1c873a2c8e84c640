import { useEffect, useState } from 'react';
import { call } from '../api/client.js';
import type { GoalProgress } from '../api/openapi.gen.js';
import { formatCount } from '../components/format.js';
import type { OverlayOptions } from './overlay-options.js';
import { useOverlayLive } from './use-overlay-live.js';

/** A goal bar: `goal=<id>` (else the profile's first goal), `title=` to rename it on screen. */
export function GoalOverlay({ options, profile }: { options: OverlayOptions; profile: string }) {
  const goalId = options.params.get('goal');
  const { socket, generation } = useOverlayLive(profile, options.token, ['goal_progress']);
  const [goals, setGoals] = useState<GoalProgress[] | null>(null);

  useEffect(() => {
    // `goal_progress` is pushed on change only: read the goals at load and after every reconnect.
    if (generation === 0) return;
    call('GET /api/profiles/{profile}/goals', { path: { profile } })
      .then((r) => setGoals(r.goals))
      .catch(() => undefined); // the next reconnect reads again
  }, [profile, generation, options.token]);

  useEffect(() => {
    if (!socket) return;
    const onProgress = (payload: { profile: string; goals: GoalProgress[] }): void => {
      if (payload.profile === profile) setGoals(payload.goals);
    };
    socket.on('goal_progress', onProgress);
    return () => void socket.off('goal_progress', onProgress);
  }, [socket, profile]);

  const goal = goals?.find((g) => g.id === goalId) ?? (goalId ? undefined : goals?.[0]);
  if (!goal)
    return (
      <div className="ov-box ov-goal" data-testid="overlay-goal">
        {goals ? 'no such goal' : ''}
      </div>
    );
  const percent = Math.max(0, Math.min(100, goal.percent));
  return (
    <div className="ov-box ov-goal" data-testid="overlay-goal" data-goal={goal.id}>
      <div className="ov-goal-title">
        <span>{options.params.get('title') ?? goal.name}</span>
        <span className="ov-goal-numbers" data-testid="goal-numbers">
          {formatCount(goal.progress)} / {formatCount(goal.current_target)}
        </span>
      </div>
      <div className="ov-bar">
        <div className="ov-bar-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
