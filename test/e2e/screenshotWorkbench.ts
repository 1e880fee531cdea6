// The real VS Code that the README's screenshot scripts drive: code-server with this checkout's extension on a copy
// of the example API (examples/chat-api), shown by headless Chromium. One setup for every picture, so that the
// scripts differ only in what they do on the page.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { Page } from 'playwright-core';

import { openWorkbench } from './browser';
import { ensureCodeServer, freePort, hostCacheDir, startCodeServer, waitForHttp } from './codeServer';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const TIMEOUT_MS = 120_000;

/** The settings every picture shares: Dark Modern, no minimap, sticky scroll, tips or start page. */
export const SCREENSHOT_SETTINGS = {
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'editor.minimap.enabled': false,
  'editor.stickyScroll.enabled': false,
  'breadcrumbs.enabled': false,
};

export interface ScreenshotOptions {
  /** User settings, over SCREENSHOT_SETTINGS. */
  readonly settings: Record<string, unknown>;
  readonly viewport: { readonly width: number; readonly height: number };
  /** Files to write into the workspace beside chat-api/, by relative path (e.g. `.vscode/launch.json`). */
  readonly files?: Record<string, string>;
}

/**
 * Opens the example API in a real VS Code, runs `take` on its page, then stops code-server and the browser and
 * removes the run folder, whether `take` succeeded or not.
 */
export async function withExampleWorkbench(
  options: ScreenshotOptions,
  take: (page: Page) => Promise<void>,
): Promise<void> {
  const runDir = mkdtempSync(join(tmpdir(), 'wsapi-screenshot-'));
  const stops: Array<() => Promise<void>> = [];
  try {
    const env = { ...process.env, CODE_SERVER_CONFIG: join(runDir, 'code-server.yaml') };
    const log = (line: string): void => console.log(line);
    const install = await ensureCodeServer({ cacheDir: hostCacheDir(), env, log, logDir: runDir });
    const workspace = join(runDir, 'workspace');
    cpSync(join(REPO_ROOT, 'examples', 'chat-api'), join(workspace, 'chat-api'), { recursive: true });
    for (const [path, text] of Object.entries(options.files ?? {})) {
      mkdirSync(resolve(workspace, path, '..'), { recursive: true });
      writeFileSync(join(workspace, path), text);
    }
    const userDataDir = join(runDir, 'user-data');
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    writeFileSync(
      join(userDataDir, 'User', 'settings.json'),
      JSON.stringify({ ...SCREENSHOT_SETTINGS, ...options.settings }),
    );

    const port = await freePort();
    const server = startCodeServer({
      install,
      port,
      userDataDir,
      extensionsDir: join(runDir, 'extensions'),
      workspace,
      env,
      onLine: () => undefined,
    });
    stops.push(() => server.stop());
    await waitForHttp(server, Date.now() + TIMEOUT_MS);

    const url = new URL(`http://127.0.0.1:${port}/`);
    url.searchParams.set('folder', workspace);
    const remote = `vscode-remote://127.0.0.1:${port}${REPO_ROOT.split('/').map(encodeURIComponent).join('/')}`;
    url.searchParams.set('payload', JSON.stringify([['extensionDevelopmentPath', remote]]));
    const workbench = await openWorkbench(url.toString(), {
      homeDir: join(runDir, 'browser'),
      log: () => undefined,
    });
    stops.push(() => workbench.close());
    const page = workbench.page;
    await page.setViewportSize(options.viewport);
    await page.locator('.monaco-workbench').waitFor({ timeout: TIMEOUT_MS });
    await take(page);
  } finally {
    for (const stop of stops.reverse()) {
      await stop();
    }
    rmSync(runDir, { recursive: true, force: true });
  }
}

/** Opens a file of the workspace by Quick Open, as a person would. */
export async function quickOpen(page: Page, name: string): Promise<void> {
  await page.locator('.part.editor').click();
  await page.keyboard.press('Control+P');
  await page.keyboard.type(name);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
}
