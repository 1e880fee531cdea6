import * as vscode from 'vscode';

import { formatOf, parseDocument } from '../../../core/src/document';
import type { ApiProjectSummary } from '../../../core/src/protocol';
import { VSCODE_QUESTIONS } from '../design/designPrompts';
import type { EditorGateway } from './editorGateway';
import type { GatewayRun } from './gatewayProcess';
import { SessionPanel } from './sessionPanel';
import { TopicMessages } from './topicMessages';
import { credentialFor, credentialHeaders } from './topicRoutes';
import { chooseCredential, chooseTarget, chooseUrl, tryTopicArgs, type TryTarget } from './tryTopicFlow';

/**
 * `wsapi.tryTopic`: connects to a topic through the running gateway (starting it first if the user agrees),
 * with the user's stored credential when the topic is secured, in a session panel (one per topic URL: trying the
 * same URL again shows its panel). `messages` in the arguments are sent once connected. Resolves with the panel,
 * or undefined when the user cancelled.
 */
export async function tryTopic(
  first: unknown,
  gateway: EditorGateway,
  projects: () => Promise<readonly ApiProjectSummary[]>,
  output: vscode.OutputChannel,
  panels: Map<string, SessionPanel>,
): Promise<SessionPanel | undefined> {
  const args = tryTopicArgs(first);
  const run = gateway.current ?? (await offerStart(gateway));
  const target = run && (await chooseTarget(args, await projects(), VSCODE_QUESTIONS));
  const choice = target && (await chooseCredential(target, await gateway.credentials(), VSCODE_QUESTIONS));
  if (target === undefined || choice === undefined) {
    return undefined;
  }
  if (choice.store !== undefined) {
    // The running gateway accepts it from the next handshake on: no restart, open connections stay.
    await gateway.storeCredential(choice.store.kind, choice.store.value);
  }
  const current = gateway.current;
  const url = current && (await chooseUrl(current.routes, target, args, VSCODE_QUESTIONS));
  if (url === undefined) {
    return undefined;
  }
  let panel = panels.get(url);
  if (panel === undefined || panel.isDisposed) {
    panel = new SessionPanel(
      {
        topic: target.topic.name,
        url,
        headers: async () =>
          credentialHeaders(credentialFor(target.project, target.topic, await gateway.credentials())),
        setCredential: () => setCredential(gateway, target),
      },
      await topicMessages(target),
      (line) => output.appendLine(line),
    );
    const opened = panel;
    panels.set(url, opened);
    opened.onDidChange(() => {
      if (panels.get(url) === opened && opened.isDisposed) {
        panels.delete(url);
      }
    });
    await opened.connect();
  } else {
    panel.reveal();
    if (panel.session?.isOpen !== true) {
      await panel.connect();
    }
  }
  for (const message of args.messages ?? []) {
    await panel.handle({ kind: 'send', text: message });
  }
  return panel;
}

/** The checks and examples of the topic's messages, from its definition as the editor has it. */
async function topicMessages({ project, topic }: TryTarget): Promise<TopicMessages> {
  if (project.definition === undefined) {
    return new TopicMessages(undefined, topic.name);
  }
  const uri = vscode.Uri.parse(project.definition);
  const document = await vscode.workspace.openTextDocument(uri);
  const format = formatOf(uri.path, document.languageId) ?? 'yaml';
  return new TopicMessages(parseDocument(document.getText(), format).root, topic.name);
}

/** The panel's Set Credential: asks for the kind the topic takes (even when one is stored) and stores it. */
async function setCredential(gateway: EditorGateway, target: TryTarget): Promise<boolean> {
  const choice = await chooseCredential(target, {}, VSCODE_QUESTIONS);
  if (choice?.store === undefined) {
    return false;
  }
  await gateway.storeCredential(choice.store.kind, choice.store.value);
  return true;
}

async function offerStart(gateway: EditorGateway): Promise<GatewayRun | undefined> {
  const choice = await vscode.window.showInformationMessage(
    'WebSocket API: the local gateway is not running. Start it to try the topic?',
    'Start Gateway',
  );
  return choice === undefined ? undefined : gateway.start(undefined);
}
