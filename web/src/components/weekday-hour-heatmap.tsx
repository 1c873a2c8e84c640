import { formatCount } from './format.js';

/** The weekdays of a heatmap's rows, Monday first (the API's weekday 0). */
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** A 7 x 24 grid (weekday, then hour; null: nothing in that weekday and hour) and its highest value. */
export interface HeatmapGrid {
  cells: (number | null)[][];
  max: number;
}

/** The grid of `cells` (weekday 0 = Monday, hour 0-23), each placed by `value`; null values stay empty. */
export function buildHeatmapGrid<T extends { weekday: number; hour: number }>(
  cells: readonly T[],
  value: (cell: T) => number | null | undefined,
): HeatmapGrid {
  const grid = WEEKDAYS.map(() => new Array<number | null>(24).fill(null));
  let max = 0;
  for (const c of cells) {
    const v = value(c);
    const row = grid[c.weekday];
    if (v == null || row === undefined || c.hour < 0 || c.hour > 23) continue;
    row[c.hour] = v;
    max = Math.max(max, v);
  }
  return { cells: grid, max };
}

/**
 * A weekday x hour table, each cell shaded by its share of the highest value; `unit` names what a
 * cell counts in its tooltip ("12 clips").
 */
export function WeekdayHourHeatmap(props: {
  grid: HeatmapGrid;
  unit: string;
  empty: string;
  testId?: string;
}) {
  const { grid, unit, empty } = props;
  return (
    <table className="heatmap" data-testid={props.testId}>
      <thead>
        <tr>
          <td />
          {Array.from({ length: 24 }, (_, h) => (
            <th scope="col" key={h} className="small muted">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {grid.cells.map((row, d) => (
          <tr key={WEEKDAYS[d]}>
            <th scope="row" className="small muted">
              {WEEKDAYS[d]}
            </th>
            {row.map((v, h) => (
              <td
                key={h}
                title={v == null ? empty : `${formatCount(v)} ${unit}`}
                style={{
                  background:
                    v == null ? 'transparent' : `rgba(79,140,255,${0.15 + (0.85 * v) / (grid.max || 1)})`,
                }}
              >
                {v == null ? '' : formatCount(v)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
