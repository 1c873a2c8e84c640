import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** The Chromium the browser tests drive: STREAMPULSE_CHROMIUM, else Debian's. */
export const CHROMIUM_PATH = process.env.STREAMPULSE_CHROMIUM ?? '/usr/bin/chromium';

/** Headless Chromium that never reaches the internet by itself. */
export function launchBrowser(): Promise<Browser> {
  // Missing is a failure, not a skip: install Chromium or point STREAMPULSE_CHROMIUM at one.
  if (!existsSync(CHROMIUM_PATH)) {
    return Promise.reject(
      new Error(
        `no Chromium at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set STREAMPULSE_CHROMIUM`,
      ),
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--enable-precise-memory-info',
    ],
  });
}
