import { useEffect, useState, type FormEvent } from 'react';
import { call, errorMessage } from '../api/client.js';
import { connectLive } from '../api/live-socket.js';
import type { GoalProgress } from '../api/openapi.gen.js';
import { formatCount } from '../components/format.js';

type GoalBody = {
  name: string;
  metric: GoalProgress['metric'];
  target: number;
  scope: GoalProgress['scope'];
  step: number | null;
};
const METRICS: GoalProgress['metric'][] = ['likes', 'coins', 'followers', 'shares', 'gifts', 'viewers'];
const SCOPES: GoalProgress['scope'][] = ['session', 'daily', 'all_time'];
const EMPTY: GoalBody = { name: '', metric: 'likes', target: 1000, scope: 'session', step: null };

function GoalForm(props: {
  initial: GoalBody;
  submitLabel: string;
  onSubmit: (goal: GoalBody) => Promise<void>;
  onCancel?: () => void;
}) {
  const [goal, setGoal] = useState(props.initial);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    props.onSubmit(goal).then(
      () => setError(null),
      (err: unknown) => setError(errorMessage(err)),
    );
  };
  return (
    <form className="form-row" onSubmit={submit} data-testid="goal-form">
      <label>
        Name
        <input
          required
          value={goal.name}
          onChange={(e) => setGoal({ ...goal, name: e.target.value })}
          name="name"
        />
      </label>
      <label>
        Metric
        <select
          value={goal.metric}
          name="metric"
          onChange={(e) => setGoal({ ...goal, metric: e.target.value as GoalBody['metric'] })}
        >
          {METRICS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
      <label>
        Target
        <input
          type="number"
          min={1}
          required
          value={goal.target}
          name="target"
          onChange={(e) => setGoal({ ...goal, target: Number(e.target.value) })}
        />
      </label>
      <label>
        Scope
        <select
          value={goal.scope}
          name="scope"
          onChange={(e) => setGoal({ ...goal, scope: e.target.value as GoalBody['scope'] })}
        >
          {SCOPES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        Step (optional)
        <input
          type="number"
          min={1}
          value={goal.step ?? ''}
          name="step"
          onChange={(e) => setGoal({ ...goal, step: e.target.value ? Number(e.target.value) : null })}
        />
      </label>
      <button type="submit">{props.submitLabel}</button>
      {props.onCancel && (
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
      )}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

/** Goals: create, edit, delete, and watch their progress live. */
export default function GoalsPage({ profile }: { profile: string }) {
  const [goals, setGoals] = useState<GoalProgress[]>([]);
  const [editing, setEditing] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = (): void => setGeneration((g) => g + 1);

  useEffect(() => {
    call('GET /api/profiles/{profile}/goals', { path: { profile } }).then(
      (r) => setGoals(r.goals),
      () => undefined, // read again on the next reconnect
    );
  }, [profile, generation]);

  useEffect(() => {
    const socket = connectLive(profile, null, ['goal_progress']);
    socket.on('connect', reload);
    socket.on('goal_progress', (p) => {
      if (p.profile === profile) setGoals(p.goals);
    });
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [profile]);

  const create = async ({ name, metric, target, scope, step }: GoalBody): Promise<void> => {
    await call('POST /api/profiles/{profile}/goals', {
      path: { profile },
      body: { name, metric, target, scope, step },
    });
    reload();
  };
  const update = async (id: string, { name, metric, target, scope, step }: GoalBody): Promise<void> => {
    const body = { name, metric, target, scope, step };
    await call('PUT /api/profiles/{profile}/goals/{id}', { path: { profile, id }, body });
    setEditing(null);
    reload();
  };
  const remove = async (goal: GoalProgress): Promise<void> => {
    if (!window.confirm(`Delete the goal "${goal.name}"?`)) return;
    await call('DELETE /api/profiles/{profile}/goals/{id}', { path: { profile, id: goal.id } });
    reload();
  };

  return (
    <div>
      <h1>Goals</h1>
      <section className="panel">
        <h2>New goal</h2>
        <GoalForm initial={EMPTY} submitLabel="Create goal" onSubmit={create} />
      </section>
      {goals.map((g) => (
        <section className="panel" key={g.id} data-testid="goal" data-goal={g.id}>
          {editing === g.id ? (
            <GoalForm
              initial={g}
              submitLabel="Save"
              onSubmit={(body) => update(g.id, body)}
              onCancel={() => setEditing(null)}
            />
          ) : (
            <>
              <div className="form-row">
                <strong>{g.name}</strong>
                <span className="muted small">
                  {g.metric}, {g.scope.replace('_', ' ')}
                  {g.step ? `, every ${formatCount(g.step)}` : ''}
                  {g.completed > 0 ? `, reached ${g.completed}×` : ''}
                </span>
                <span data-testid="goal-progress">
                  {formatCount(g.progress)} / {formatCount(g.current_target)}
                </span>
                <button onClick={() => setEditing(g.id)}>Edit</button>
                <button className="danger" onClick={() => void remove(g)}>
                  Delete
                </button>
              </div>
              <div className="progress">
                <div style={{ width: `${Math.min(100, Math.max(0, g.percent))}%` }} />
              </div>
            </>
          )}
        </section>
      ))}
      {goals.length === 0 && <p className="muted">No goals yet.</p>}
    </div>
  );
}
