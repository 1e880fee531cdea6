// Debian's Chromium, driven by playwright-core, shows the code-server workbench (never `npx playwright install`).
import { join } from 'node:path';

import { chromium, type Browser, type Page } from 'playwright-core';

import { CHROMIUM_PATH } from './codeServer';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Workbench {
  readonly browser: Browser;
  readonly page: Page;
  /** Set when the page's renderer process crashed. */
  readonly crashed: () => boolean;
  /** Saves a PNG of the page; resolves false when the page cannot be captured any more. */
  screenshot(file: string): Promise<boolean>;
  /** Closes the browser. Safe to call more than once. */
  close(): Promise<void>;
}

/** Opens `url` in headless Chromium; the page's console, errors and crashes go to `log`. */
export async function openWorkbench(
  url: string,
  options: { readonly homeDir: string; readonly log: (line: string) => void },
): Promise<Workbench> {
  const { log } = options;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    // Chromium keeps crash-report settings and caches under the XDG folders: keep them out of the home folder.
    env: {
      ...process.env,
      XDG_CONFIG_HOME: join(options.homeDir, 'config'),
      XDG_CACHE_HOME: join(options.homeDir, 'cache'),
    },
    // The runner stops everything itself, in order, on these signals.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  let closing: Promise<void> | undefined;
  let crashed = false;
  const close = (): Promise<void> => {
    closing ??= browser
      .close()
      .catch((error: unknown) => log(`[runner] closing the browser: ${String(error)}`));
    return closing;
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (message) => log(`[browser ${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => log(`[browser pageerror] ${error.message}`));
    page.on('crash', () => {
      crashed = true;
      log('[browser] the page crashed');
    });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    return {
      browser,
      page,
      crashed: () => crashed,
      close,
      async screenshot(file) {
        try {
          await page.screenshot({ path: file, timeout: 10_000 });
          return true;
        } catch (error) {
          log(`[runner] screenshot failed: ${String(error)}`);
          return false;
        }
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
