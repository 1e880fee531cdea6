import type { Connection } from 'vscode-languageserver';

import type { RuntimeEnvironment } from '../runtime';
import { runSafe } from '../utils/runner';
import { letRequestsThrough } from '../utils/turns';
import type { WorkspaceProjects } from '../workspaceProjects';

/**
 * Checks every WSO2 API project of the workspace folders, open or not, with a progress notification; yields
 * between files so that the server keeps answering. `refresh` checks one file; `recheckOpen` checks the open
 * documents again at the end (an open api.yaml may now have a duplicate elsewhere in the workspace).
 */
export async function checkWorkspace(
  folders: readonly string[],
  {
    connection,
    runtime,
    projects,
    log,
    refresh,
    recheckOpen,
  }: {
    readonly connection: Connection;
    readonly runtime: RuntimeEnvironment;
    readonly projects: WorkspaceProjects;
    readonly log: (message: string) => void;
    readonly refresh: (uri: string) => void;
    readonly recheckOpen: () => void;
  },
): Promise<void> {
  const files = runSafe(
    log,
    () => runtime.findProjectFiles?.(folders) ?? [],
    [],
    'Error while searching API projects',
  );
  if (files.length === 0) {
    return;
  }
  const progress = await connection.window.createWorkDoneProgress();
  progress.begin('WebSocket API', 0, `Checking ${files.length} API project files`, false);
  projects.add(files);
  for (const [index, uri] of files.entries()) {
    refresh(uri);
    progress.report(Math.round(((index + 1) / files.length) * 100));
    await letRequestsThrough(runtime.timer);
  }
  recheckOpen();
  progress.done();
}
