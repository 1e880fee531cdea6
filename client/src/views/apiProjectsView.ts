import * as vscode from 'vscode';

import { formatOf, parseDocument } from '../../../core/src/document';
import type { ApiProjectSummary } from '../../../core/src/protocol';
import { PROJECT_FILES_GLOB } from '../../../core/src/wso2/projectLayout';
import { apiTree, type ApiNode, type ProjectNode } from './apiTree';

export const API_PROJECTS_VIEW = 'wsapi.apiProjects';
/** Context key: the workspace has at least one WebSocket API project. */
const HAS_PROJECTS_KEY = 'wsapi.hasApiProjects';
/** Changes within this time refresh the view once. */
const REFRESH_DELAY_MS = 300;

/**
 * The Explorer view "WebSocket APIs": the language server's answer to `wsapi/apiProjects` as a tree, asked
 * again when a project file changes on disk.
 */
export class ApiProjectsView implements vscode.TreeDataProvider<ApiNode>, vscode.Disposable {
  private nodes: ProjectNode[] = [];
  private loading: Promise<ProjectNode[]> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly changed = new vscode.EventEmitter<ApiNode | undefined>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly load: () => Promise<ApiProjectSummary[]>,
    private readonly log: (line: string) => void,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(PROJECT_FILES_GLOB);
    const later = (): void => this.refreshLater();
    this.disposables.push(
      watcher,
      watcher.onDidCreate(later),
      watcher.onDidChange(later),
      watcher.onDidDelete(later),
      vscode.window.registerTreeDataProvider(API_PROJECTS_VIEW, this),
    );
  }

  /** The projects as last loaded. */
  projects(): readonly ApiProjectSummary[] {
    return this.nodes.map((node) => node.project);
  }

  /** Asks the server again and redraws; resolves with the new rows. */
  refresh(): Promise<ProjectNode[]> {
    const loading = this.load().then(
      (projects) => apiTree(projects),
      (error: unknown) => {
        this.log(
          `The WebSocket APIs view could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
        );
        return this.nodes;
      },
    );
    this.loading = loading;
    return loading.then((nodes) => {
      if (this.loading === loading) {
        this.nodes = nodes;
        void vscode.commands.executeCommand('setContext', HAS_PROJECTS_KEY, nodes.length > 0);
        this.changed.fire(undefined);
      }
      return nodes;
    });
  }

  /** The current rows, loading them first if the view never was. */
  async rows(): Promise<readonly ProjectNode[]> {
    return this.loading === undefined ? this.refresh() : this.loading.then(() => this.nodes);
  }

  async getChildren(node?: ApiNode): Promise<ApiNode[]> {
    if (node === undefined) {
      return [...(await this.rows())];
    }
    return node.kind === 'project' ? [...node.children] : [];
  }

  getTreeItem(node: ApiNode): vscode.TreeItem {
    const item = new vscode.TreeItem(
      node.label,
      node.kind === 'project'
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.None,
    );
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    if (node.kind === 'project') {
      item.iconPath = new vscode.ThemeIcon(node.broken ? 'warning' : 'radio-tower');
    } else {
      item.iconPath = new vscode.ThemeIcon('symbol-event');
      item.command = { title: 'Open Definition', command: 'wsapi.openDefinition', arguments: [node] };
    }
    return item;
  }

  private refreshLater(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const disposable of this.disposables) {
      disposable.dispose();
    }
  }
}

/** Opens a project's AsyncAPI definition (its api.yaml when it has none), at the topic's channel for a topic. */
export async function openDefinition(node: ApiNode | undefined): Promise<void> {
  if (node === undefined) {
    void vscode.window.showInformationMessage(
      'Open Definition works on an API or topic of the WebSocket APIs view: click one there.',
    );
    return;
  }
  const uri = vscode.Uri.parse(node.project.definition ?? node.project.apiFile);
  const document = await vscode.workspace.openTextDocument(uri);
  const format = formatOf(uri.path, document.languageId);
  let selection: vscode.Range | undefined;
  if (node.kind === 'topic' && node.project.definition !== undefined && format !== undefined) {
    const text = document.getText();
    const span = parseDocument(text, format).locator.locate(['channels', node.topic.name], 'key');
    selection = new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
  }
  await vscode.window.showTextDocument(document, { preview: false, ...(selection && { selection }) });
}
