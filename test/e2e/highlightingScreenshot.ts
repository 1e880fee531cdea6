// Takes images/highlighting.png: the example API's AsyncAPI definition (examples/chat-api) open in a real VS Code
// 1.100.3 (code-server, shown by headless Chromium, theme Dark Modern) with this checkout's extension, so that
// wsapi's grammars colour it. Fails when no WSO2 key comes out in the colour the theme gives wsapi's scope.
//
//   npm run screenshot:highlighting
import { join } from 'node:path';

import { quickOpen, REPO_ROOT, withExampleWorkbench } from './screenshotWorkbench';

const OUTPUT = join(REPO_ROOT, 'images', 'highlighting.png');
/** Dark Modern's colour for `support.type` (wsapi's `support.type.vendored.wso2.wsapi`): #4EC9B0. */
const WSO2_KEY_COLOUR = 'rgb(78, 201, 176)';

const SETTINGS = {
  'editor.fontSize': 14,
  'editor.renderLineHighlight': 'none',
  'editor.occurrencesHighlight': 'off',
  'editor.selectionHighlight': false,
};

async function main(): Promise<void> {
  const log = (line: string): void => console.log(line);
  await withExampleWorkbench({ settings: SETTINGS, viewport: { width: 1000, height: 760 } }, async (page) => {
    // Quick Open, as a person would.
    await quickOpen(page, 'Definitions/asyncapi.yaml');
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
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
