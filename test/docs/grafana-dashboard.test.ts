import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { declaredMetrics } from '../support/prometheus-text.js';
import { createTestApp, type TestApp } from '../support/test-server.js';

interface Panel {
  type: string;
  title: string;
  datasource?: { uid?: string };
  targets?: { expr: string }[];
  panels?: Panel[];
}
interface Dashboard {
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; type: string; query?: unknown; definition?: string }[] };
}

const dashboard = JSON.parse(
  readFileSync(new URL('../../docs/grafana/streampulse-dashboard.json', import.meta.url), 'utf8'),
) as Dashboard;

/** Every panel, those inside collapsed rows too. */
const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');
const queries = [
  ...panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
  ...dashboard.templating.list.map((v) => v.definition ?? ''),
];

/** The metric names a PromQL expression reads (ours and the process defaults). */
function metricsIn(expr: string): string[] {
  return [...expr.matchAll(/\b((?:streampulse|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1]!);
}

/** What both engines declare (the pool's metrics exist on PostgreSQL only). */
let declared: Map<string, string>;
let apps: TestApp[] = [];
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  apps = [await createTestApp(), await createTestApp({ STREAMPULSE_DATABASE_URL: db.url })];
  declared = new Map();
  for (const app of apps) {
    for (const [name, kind] of declaredMetrics(await app.services.metrics.scrape())) declared.set(name, kind);
  }
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await db?.drop();
});

/** The metric a sample name belongs to: a histogram's `_bucket`, `_sum` and `_count` are its own. */
function familyOf(name: string): string | undefined {
  if (declared.has(name)) return name;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return declared.get(base) === 'histogram' ? base : undefined;
}

test('the dashboard is a Grafana dashboard reading a Prometheus data source chosen at import', () => {
  expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(39);
  expect(dashboard.templating.list.find((v) => v.type === 'datasource')).toMatchObject({
    name: 'DS_PROMETHEUS',
    query: 'prometheus',
  });
  for (const panel of panels) expect(panel.datasource?.uid, panel.title).toBe('${DS_PROMETHEUS}');
  expect(panels.length).toBeGreaterThan(15);
});

test('every metric the dashboard queries is one the server serves', () => {
  const read = queries.flatMap(metricsIn);
  expect(read.length).toBeGreaterThan(30);
  const unknown = read.filter((name) => familyOf(name) === undefined);
  expect(unknown).toEqual([]);
});

test("every one of the server's own metrics is on the dashboard", () => {
  const shown = new Set(queries.flatMap(metricsIn).map((name) => familyOf(name)));
  const ours = [...declared.keys()].filter((name) => name.startsWith('streampulse_'));
  expect(ours.length).toBeGreaterThan(20);
  expect(ours.filter((name) => !shown.has(name))).toEqual([]);
});
