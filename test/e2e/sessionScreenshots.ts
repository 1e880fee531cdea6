// Takes the README's pictures of Try Topic and the debug gateway in a real VS Code 1.100.3 (code-server, shown by
// headless Chromium, theme Dark Modern) with this checkout's extension, driven as a person would: the WebSocket
// APIs view (images/view.png), F5 on a wsapi-gateway launch configuration with the mock, the "Try topic" code
// lens, a valid and an invalid message in the session panel (images/try-topic-panel.jpg), and the frames in the
// Debug Console (images/debug-console.png).
//
//   npm run screenshot:session
import { join } from 'node:path';

import { quickOpen, REPO_ROOT, withExampleWorkbench } from './screenshotWorkbench';

const IMAGES = join(REPO_ROOT, 'images');

const SETTINGS = {
  'editor.fontSize': 13,
  'debug.openDebug': 'neverOpen',
  'debug.internalConsoleOptions': 'neverOpen',
  'remote.autoForwardPorts': false,
};

const LAUNCH = {
  version: '0.2.0',
  configurations: [
    { type: 'wsapi-gateway', request: 'launch', name: 'WebSocket API Gateway (mock)', mock: true, port: 0 },
  ],
};

async function main(): Promise<void> {
  const log = (line: string): void => console.log(line);
  await withExampleWorkbench(
    {
      settings: SETTINGS,
      viewport: { width: 1200, height: 900 },
      files: { '.vscode/launch.json': JSON.stringify(LAUNCH, undefined, 2) },
    },
    async (page) => {
      // The definition, by Quick Open, then its "Try topic" lenses.
      await quickOpen(page, 'Definitions/asyncapi.yaml');
      const lens = page.locator('.contentWidgets .codelens-decoration a', { hasText: 'Try topic' });
      await lens.nth(1).waitFor({ timeout: 60_000 });

      // The view in its own container.
      await page.locator('.activitybar .action-item a[aria-label^="WebSocket API"]').click();
      await page
        .locator('.pane-body .monaco-list-row', { hasText: '/rooms/{roomID}' })
        .waitFor({ timeout: 30_000 });
      await page.mouse.move(600, 400);
      await page.locator('.part.sidebar').screenshot({ path: join(IMAGES, 'view.png') });
      log('wrote images/view.png');

      // F5: the launch configuration with the mock.
      await page.locator('.part.editor').click();
      await page.keyboard.press('F5');
      await page.locator('.statusbar-item', { hasText: /Gateway :\d+/ }).waitFor({ timeout: 60_000 });

      // The lens of /rooms/{roomID} (the second channel): it asks for {roomID}.
      await lens.nth(1).click();
      await page.locator('.quick-input-widget input').waitFor({ timeout: 30_000 });
      await page.keyboard.type('lobby');
      await page.keyboard.press('Enter');
      const panel = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
      await panel.locator('#state.open').waitFor({ timeout: 30_000 });
      const input = panel.locator('#input');
      await input.fill(JSON.stringify({ from: 'me', text: 'hello' }));
      await input.press('Control+Enter');
      await panel.locator('#frames li', { hasText: '(echo)' }).first().waitFor({ timeout: 30_000 });
      await input.fill(JSON.stringify({ from: 42, text: false }));
      await input.press('Control+Enter');
      await panel.locator('#frames ul.invalid li').nth(1).waitFor({ timeout: 30_000 });
      await input.fill('');
      // JPEG: the code and the panel's colours make a PNG of this size about 160 KB.
      await page
        .locator('.part.editor')
        .screenshot({ path: join(IMAGES, 'try-topic-panel.jpg'), type: 'jpeg', quality: 85 });
      log('wrote images/try-topic-panel.jpg');

      await page.keyboard.press('Control+Shift+Y');
      const consoleView = page.locator('.repl');
      await consoleView
        .locator('.monaco-list-row', { hasText: '✗ invalid' })
        .first()
        .waitFor({ timeout: 30_000 });
      await page.locator('.part.panel').screenshot({ path: join(IMAGES, 'debug-console.png') });
      log('wrote images/debug-console.png');
    },
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
