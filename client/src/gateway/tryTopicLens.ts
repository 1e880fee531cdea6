// The "Try topic" code lens above each channel of an API project's AsyncAPI definition.
import * as vscode from 'vscode';

import { formatOf, parseDocument } from '../../../core/src/document';
import type { ApiProjectSummary } from '../../../core/src/protocol';

export const TRY_TOPIC_LENS_TITLE = '$(play) Try topic';

export class TryTopicLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  /** `projects()` are the projects as the WebSocket APIs view last loaded them. */
  constructor(private readonly projects: () => readonly ApiProjectSummary[]) {}

  /** The projects changed: the lenses are asked again. */
  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const uri = document.uri.toString();
    const project = this.projects().find((candidate) => candidate.definition === uri);
    const format = formatOf(document.uri.path, document.languageId);
    if (project === undefined || format === undefined || project.problem !== undefined) {
      return [];
    }
    const { locator } = parseDocument(document.getText(), format);
    return project.topics.flatMap((topic) => {
      const span = locator.locate(['channels', topic.name], 'key');
      if (span.end <= span.start) {
        return [];
      }
      const range = new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
      return [
        new vscode.CodeLens(range, {
          title: TRY_TOPIC_LENS_TITLE,
          tooltip: `Connect to ${topic.name} through the local gateway, in a session panel`,
          command: 'wsapi.tryTopic',
          arguments: [{ project: project.folder, topic: topic.name }],
        }),
      ];
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
