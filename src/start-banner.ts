import path from 'node:path';
import type { Config } from './config.js';

/** What the start banner and the 'streampulse listening' log entry say about a started server. */
export interface StartFacts {
  version: string;
  /** The address the server listens on, e.g. http://127.0.0.1:5000. */
  url: string;
  dashboardUrl: string;
  docsUrl: string;
  engine: 'sqlite' | 'postgresql';
  /** The data directory, absolute (the embedded engine). */
  dataDir: string | null;
  /** The database URL without its password (PostgreSQL). */
  database: string | null;
  demo: { enabled: boolean; profile: string };
  /** The one-time link that creates the owner account, while there is no user yet. */
  setup: { url: string; minutes: number } | null;
}

/** The facts of a server listening at `url` with `config`; `setup` when the owner is still to be made. */
export function describeStart(
  config: Config,
  url: string,
  version: string,
  setup: StartFacts['setup'],
): StartFacts {
  // Behind a proxy, browsers reach the server at its public origin, not at the listening address.
  const origin = config.http.publicOrigins[0] ?? url;
  return {
    version,
    url,
    dashboardUrl: `${origin}/`,
    docsUrl: `${origin}/docs`,
    engine: config.database ? 'postgresql' : 'sqlite',
    dataDir: config.database ? null : path.resolve(config.dataDir),
    database: config.database ? withoutPassword(config.database.url) : null,
    demo: config.demo,
    setup,
  };
}

/**
 * The plain-text banner for the person who started the server: where the dashboard and the API
 * docs are, where the data lives, whether the demo runs, and the setup link on a fresh install.
 */
export function formatStartBanner(facts: StartFacts): string {
  const lines = [
    '',
    `StreamPulse ${facts.version} is running.`,
    `  Dashboard:  ${facts.dashboardUrl}`,
    `  API docs:   ${facts.docsUrl}`,
    ...(facts.dashboardUrl === `${facts.url}/` ? [] : [`  Listening:  ${facts.url}`]),
    facts.engine === 'sqlite' ? '  Engine:     embedded (SQLite files)' : '  Engine:     PostgreSQL',
    facts.dataDir !== null ? `  Data:       ${facts.dataDir}` : `  Database:   ${facts.database}`,
    facts.demo.enabled
      ? `  Demo:       on (simulated streams in the profile '${facts.demo.profile}'; --demo off to stop it)`
      : '  Demo:       off',
  ];
  if (facts.setup) {
    lines.push(
      `Create the owner account (this link works once, from this machine, for ${facts.setup.minutes} minutes):`,
      `  ${facts.setup.url}`,
    );
  }
  return `${lines.join('\n')}\n\n`;
}

/** A database URL fit to show: the password, if any, left out. */
export function withoutPassword(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.password = '';
  return url.toString();
}
