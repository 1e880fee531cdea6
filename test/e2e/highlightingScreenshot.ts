// Takes images/highlighting.png: the example API's AsyncAPI definition (examples/chat-api) open in a real VS Code
// 1.100.3 (code-server, shown by headless Chromium, theme Dark Modern) with this checkout's extension, so that
// wsapi's grammars colour it. Fails when no WSO2 key comes out in the colour the theme gives wsapi's scope.
//
//   npm run screenshot:highlighting
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { openWorkbench } from './browser';
import { ensureCodeServer, freePort, hostCacheDir, startCodeServer, waitForHttp } from './codeServer';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const OUTPUT = join(REPO_ROOT, 'images', 'highlighting.png');
/** Dark Modern's colour for `support.type` (wsapi's `support.type.vendored.wso2.wsapi`): #4EC9B0. */
const WSO2_KEY_COLOUR = 'rgb(78, 201, 176)';
const TIMEOUT_MS = 120_000;

const SETTINGS = {
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'editor.minimap.enabled': false,
  'editor.stickyScroll.enabled': false,
  'breadcrumbs.enabled': false,
  'editor.fontSize': 14,
  'editor.renderLineHighlight': 'none',
  'editor.occurrencesHighlight': 'off',
  'editor.selectionHighlight': false,
};

async function main(): Promise<void> {
  const runDir = mkdtempSync(join(tmpdir(), 'wsapi-screenshot-'));
  const log = (line: string): void => console.log(line);
  const stops: Array<() => Promise<void>> = [];
  try {
    const env = { ...process.env, CODE_SERVER_CONFIG: join(runDir, 'code-server.yaml') };
    const install = await ensureCodeServer({ cacheDir: hostCacheDir(), env, log, logDir: runDir });
    const workspace = join(runDir, 'workspace');
    cpSync(join(REPO_ROOT, 'examples', 'chat-api'), join(workspace, 'chat-api'), { recursive: true });
    const userDataDir = join(runDir, 'user-data');
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(SETTINGS));

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
    await page.setViewportSize({ width: 1000, height: 760 });
    await page.locator('.monaco-workbench').waitFor({ timeout: TIMEOUT_MS });

    // Quick Open, as a person would.
    await page.locator('.part.editor').click();
    await page.keyboard.press('Control+P');
    await page.keyboard.type('Definitions/asyncapi.yaml');
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-line').first().waitFor({ timeout: 30_000 });
    // Runs in the page (a string: this project compiles without the DOM's types).
    await page.waitForFunction(
      `[...document.querySelectorAll('.monaco-editor .view-line span span')].some((span) =>
        span.textContent === 'x-uri-mapping' && getComputedStyle(span).color === '${WSO2_KEY_COLOUR}')`,
      undefined,
      { timeout: 30_000 },
    );
    await page.mouse.move(0, 0);
    await page.locator('.part.editor').screenshot({ path: OUTPUT });
    log(`wrote ${OUTPUT}`);
  } finally {
    for (const stop of stops.reverse()) {
      await stop();
    }
    rmSync(runDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
