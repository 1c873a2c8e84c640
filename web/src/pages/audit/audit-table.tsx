import type { paths } from '../../api/openapi.gen.js';
import { formatTime } from '../../components/format.js';

export type AuditEntry =
  paths['/api/audit']['get']['responses'][200]['content']['application/json']['entries'][number];

const ACTOR_KINDS: Record<AuditEntry['actor']['kind'], string> = {
  user: 'user',
  key: 'API key',
  cli: 'command line',
  anonymous: 'nobody known',
};

/** Who made a change, as people read it: "ada (user)", "bot (API key)", "nobody known". */
function describeActor(actor: AuditEntry['actor']): string {
  const kind = ACTOR_KINDS[actor.kind];
  return actor.name ? `${actor.name} (${kind})` : kind;
}

/** Entries of an audit trail, newest first; `showProfile` adds the profile each one concerns. */
export function AuditTable({ entries, showProfile }: { entries: AuditEntry[]; showProfile: boolean }) {
  return (
    <table className="table compact" data-testid="audit">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">From</th>
          {showProfile && <th scope="col">Profile</th>}
          <th scope="col">Action</th>
          <th scope="col">Status</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => {
          const details = JSON.stringify(e.details);
          return (
            <tr key={e.id} data-testid="audit-entry">
              <td>{formatTime(e.at)}</td>
              <td>{describeActor(e.actor)}</td>
              <td>{e.address}</td>
              {showProfile && <td>{e.profile ?? <span className="muted">server</span>}</td>}
              <td>
                <code>{e.action}</code>
              </td>
              <td>{e.status === 0 ? <span className="muted">—</span> : e.status}</td>
              <td>
                <code className="small" title={details}>
                  {details.length > 160 ? `${details.slice(0, 160)}…` : details}
                </code>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
