import { useEffect, useState, type FormEvent } from 'react';
import { useHasRole } from '../app/use-role.js';
import { api, errorMessage, unwrap } from '../api/client.js';
import { connectLive } from '../api/live-socket.js';
import type { GoalProgress } from '../api/openapi.gen.js';
import { usePageTitle } from '../app/page-title.js';
import { formatCount } from '../components/format.js';
import { ProgressBar } from '../components/progress-bar.js';

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
  usePageTitle('Goals');
  const canChange = useHasRole(profile, 'editor');
  const [goals, setGoals] = useState<GoalProgress[]>([]);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = (): void => setGeneration((g) => g + 1);

  useEffect(() => {
    const abort = new AbortController();
    unwrap(
      api.GET('/api/profiles/{profile}/goals', { params: { path: { profile } }, signal: abort.signal }),
    ).then(
      (r) => setGoals(r.goals),
      () => undefined, // read again on the next reconnect
    );
    return () => abort.abort();
  }, [profile, generation]);

  useEffect(() => {
    const socket = connectLive(profile, null, ['goal_progress']);
    socket.on('connect', () => setGeneration((g) => g + 1));
    socket.on('goal_progress', (p) => {
      if (p.profile === profile) setGoals(p.goals);
    });
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [profile]);

  const create = async ({ name, metric, target, scope, step }: GoalBody): Promise<void> => {
    await unwrap(
      api.POST('/api/profiles/{profile}/goals', {
        params: { path: { profile } },
        body: { name, metric, target, scope, step },
      }),
    );
    reload();
  };
  const update = async (id: string, { name, metric, target, scope, step }: GoalBody): Promise<void> => {
    const body = { name, metric, target, scope, step };
    await unwrap(api.PUT('/api/profiles/{profile}/goals/{id}', { params: { path: { profile, id } }, body }));
    setEditing(null);
    reload();
  };
  const remove = (goal: GoalProgress): void => {
    if (!window.confirm(`Delete the goal "${goal.name}"?`)) return;
    unwrap(
      api.DELETE('/api/profiles/{profile}/goals/{id}', { params: { path: { profile, id: goal.id } } }),
    ).then(
      () => {
        setError(null);
        reload();
      },
      (err: unknown) => setError(`The goal "${goal.name}" was not deleted: ${errorMessage(err)}`),
    );
  };

  return (
    <div>
      <h1>Goals</h1>
      {canChange && (
        <section className="panel">
          <h2>New goal</h2>
          <GoalForm initial={EMPTY} submitLabel="Create goal" onSubmit={create} />
        </section>
      )}
      {error && (
        <p className="error" role="alert" data-testid="goals-error">
          {error}
        </p>
      )}
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
                <strong id={`goal-${g.id}`}>{g.name}</strong>
                <span className="muted small">
                  {g.metric}, {g.scope.replace('_', ' ')}
                  {g.step ? `, every ${formatCount(g.step)}` : ''}
                  {g.completed > 0 ? `, reached ${g.completed}×` : ''}
                </span>
                <span data-testid="goal-progress">
                  {formatCount(g.progress)} / {formatCount(g.current_target)}
                </span>
                {canChange && (
                  <>
                    <button onClick={() => setEditing(g.id)}>Edit</button>
                    <button className="danger" onClick={() => remove(g)}>
                      Delete
                    </button>
                  </>
                )}
              </div>
              <ProgressBar
                percent={g.percent}
                labelledBy={`goal-${g.id}`}
                text={`${formatCount(g.progress)} of ${formatCount(g.current_target)}`}
              />
            </>
          )}
        </section>
      ))}
      {goals.length === 0 && <p className="muted">No goals yet.</p>}
    </div>
  );
}
