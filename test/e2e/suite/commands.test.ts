// End-to-end: every command the extension contributes is registered by its command table (client/src/commands.ts),
// whatever the language server does, so none answers "command not found".
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

import type { TestCase } from './harness';
import { EXTENSION_ID } from './helpers';

export const tests: readonly TestCase[] = [
  {
    name: 'commands: every contributed command is registered',
    async run() {
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is not loaded`);
      await extension.activate();
      const contributed = (
        (extension.packageJSON as { contributes: { commands: { command: string }[] } }).contributes
          .commands ?? []
      ).map((entry) => entry.command);
      const registered = new Set(await vscode.commands.getCommands(true));
      assert.deepEqual(
        contributed.filter((command) => !registered.has(command)),
        [],
        'contributed but not registered',
      );
    },
  },
];
