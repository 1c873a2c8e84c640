import { errorMessage, errorProblems } from '../api/client.js';

/**
 * A form's failure as the server put it: its message, and each problem it listed. The region is
 * always there, empty while nothing failed, so that screen readers announce what appears in it.
 */
export function ErrorNotice({ error, testId }: { error: unknown; testId?: string }) {
  const problems = error == null ? [] : errorProblems(error);
  return (
    <div className="error" role="alert" aria-live="assertive" data-testid={testId}>
      {error != null && <p>{errorMessage(error)}</p>}
      {problems.length > 0 && (
        <ul>
          {problems.map((problem, i) => (
            <li key={i}>{problem}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
