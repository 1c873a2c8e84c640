import type { Browser, Page } from 'playwright-core';
import type { SettingName } from '../../../src/config.js';
import type { RunningServer } from '../../../src/main.js';
import { adminLoginOf, startLiveServer } from '../../support/live-server.js';
import { LOGIN_COOKIE } from '../../../src/http/auth/login-cookie.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { launchBrowser } from './browser.js';
import { ensureWebBuilt } from './web-build.js';

/** A built web app, the real server over a fresh data directory, and headless Chromium. */
export interface E2eEnv {
  server: RunningServer;
  browser: Browser;
  dataDir: string;
  /** Stops the server and starts it again on the same port and data directory. */
  restart(): Promise<void>;
  /** A new blank page in a browser context of its own, logged in as the server admin (unless `{ login: false }`). */
  newPage(): Promise<Page>;
  /** A new page, logged in as the server admin, with its console errors collected into `errors`. */
  open(path: string): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

/**
 * `{ login: false }`: no user exists (a first run) and pages open without a login; else pages
 * open logged in as the server admin.
 */
export async function startE2e(
  overrides: Partial<Record<SettingName, string>> = {},
  { login = true }: { login?: boolean } = {},
): Promise<E2eEnv> {
  await ensureWebBuilt();
  const temp = makeTempDir('streampulse-e2e-');
  const browser = await launchBrowser();
  const env: E2eEnv = {
    server: await startLiveServer(temp.dir, overrides, undefined, { login }),
    browser,
    dataDir: temp.dir,
    async restart() {
      const port = new URL(env.server.url).port;
      await env.server.close();
      env.server = await startLiveServer(temp.dir, { ...overrides, STREAMPULSE_PORT: port }, undefined, {
        login,
      });
    },
    async newPage() {
      const context = await browser.newContext();
      if (login) await context.addCookies([loginCookie(env.server.url)]);
      const page = await context.newPage();
      // The browser may be closing already (the end of the file's tests): nothing left to close then.
      page.once('close', () => void context.close().catch(() => undefined));
      return page;
    },
    async open(path) {
      const page = await env.newPage();
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      await page.goto(env.server.url + path);
      return { page, errors };
    },
    async close() {
      await browser.close();
      await env.server.close();
      temp.remove();
    },
  };
  return env;
}

/** The admin's login cookie of the test server at `url`, for a browser context. */
function loginCookie(url: string): { name: string; value: string; url: string } {
  const value = adminLoginOf(url).cookie.slice(LOGIN_COOKIE.length + 1);
  return { name: LOGIN_COOKIE, value, url };
}

/** Reads a number shown as "12,345". */
export const readCount = (text: string | null): number => Number((text ?? '').replace(/[^\d.-]/g, ''));
