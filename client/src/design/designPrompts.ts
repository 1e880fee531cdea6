// The questions a design command asks for what it was not given: input boxes and quick picks that check as you
// type with the same rules as the server and the diagnostics (core/src/design/fields.ts).
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';

import {
  ASYNCAPI_VERSIONS,
  DESIGN_COMMANDS,
  EXPORT_FORMATS,
  SECURITY_OPTIONS,
  TOPIC_TYPES,
  type DesignCommand,
} from '../../../core/src/design/commands';
import {
  validateContext,
  validateEndpoint,
  validateName,
  validateTopic,
  validateUriMapping,
  validateVersion,
} from '../../../core/src/design/fields';
import type { ApiProjectSummary } from '../../../core/src/protocol';
import { topicTypes, usedContexts } from '../views/apiTree';
import { missingFields, suggestedContext, type DesignArgs, type GivenArguments } from './designArguments';

export interface PromptContext {
  /** The workspace's WebSocket API projects, as the server sees them now. */
  projects(): Promise<readonly ApiProjectSummary[]>;
}

/** Thrown (and caught by the caller) when the user closes a question: the command stops quietly. */
class Cancelled extends Error {}

/**
 * The argument object to send, with what was missing asked for; undefined when the user cancelled (or there is
 * nothing to run the command on, which is then said).
 */
export async function completeArguments(
  command: DesignCommand,
  given: GivenArguments,
  context: PromptContext,
): Promise<DesignArgs | undefined> {
  if (missingFields(command, given.args).length === 0) {
    return given.args;
  }
  try {
    return await ASK[command]({ ...given.args }, context);
  } catch (error) {
    if (error instanceof Cancelled) {
      return undefined;
    }
    throw error;
  }
}

type Ask = (args: Record<string, unknown>, context: PromptContext) => Promise<DesignArgs>;

const ASK: Record<DesignCommand, Ask> = {
  [DESIGN_COMMANDS.createApi]: async (args, context) => {
    const title = 'Create WebSocket API';
    args.folder ??= await pickFolder(title);
    args.name ??= await input(title, 'The API name', { validate: validateName, placeHolder: 'Chats' });
    args.version ??= await input(title, 'The API version', { value: '1.0.0', validate: validateVersion });
    const used = usedContexts(await context.projects());
    args.context ??= await input(title, 'The context: the gateway serves the API at /{context}/{version}', {
      value: suggestedContext(textOf(args.name)),
      validate: (value) => validateContext(value, used),
    });
    args.endpoint ??= await input(title, 'The backend WebSocket endpoint (production)', {
      placeHolder: 'ws://localhost:8080',
      validate: (value) => validateEndpoint(value),
    });
    args.asyncapiVersion ??= await pick(
      title,
      'The AsyncAPI version of the definition',
      ASYNCAPI_VERSIONS.map((version) => ({
        label: version,
        description:
          version === '2.0.0' ? 'as WSO2 API Manager 4.x writes it' : 'WSO2 API Manager 4.5 and later',
      })),
    );
    return args;
  },
  [DESIGN_COMMANDS.addTopic]: async (args, context) => {
    const title = 'Add Topic';
    args.project ??= (await pickProject(title, context)).folder;
    const topic = (args.topic ??= await input(title, 'The topic: a path, with {parameters}', {
      placeHolder: '/rooms/{roomID}',
      validate: validateTopic,
    }));
    args.types ??= await pickTypes(title);
    if (
      args.uriMapping === undefined &&
      args.pubUriMapping === undefined &&
      args.subUriMapping === undefined
    ) {
      const mapping = await input(
        title,
        'The URL mapping: appended to the endpoint (empty: the endpoint itself)',
        {
          placeHolder: textOf(topic).replace(/\{([^{}]+)\}/g, '{uri.var.$1}'),
          validate: (value) => (value === '' ? undefined : validateUriMapping(value, textOf(topic))),
        },
      );
      if (mapping !== '') {
        args.uriMapping = mapping;
      }
    }
    return args;
  },
  [DESIGN_COMMANDS.deleteTopic]: async (args, context) => {
    const title = 'Delete Topic';
    const project = await projectOf(title, args, context);
    args.topic ??= await pickTopic(title, project);
    return args;
  },
  [DESIGN_COMMANDS.setAuth]: async (args, context) => {
    const title = 'Set Runtime Auth';
    const project = await projectOf(title, args, context);
    const what =
      args.topic !== undefined || args.authType !== undefined
        ? 'topic'
        : await pick(title, 'What to set', [
            { label: 'api', description: "The API's security: OAuth2, API key (api.yaml securityScheme)" },
            { label: 'topic', description: "A topic's auth type: Any (credentials) or None (open)" },
          ]);
    if (what === 'api') {
      args.security = await pickSecurity(title, project);
      return args;
    }
    args.topic ??= await pickTopic(title, project);
    args.authType ??= await pick(title, `The auth type of ${textOf(args.topic)}`, [
      { label: 'Any', description: 'clients need credentials' },
      { label: 'None', description: 'an open topic' },
    ]);
    return args;
  },
  [DESIGN_COMMANDS.importAsyncApi]: async (args, context) => {
    const title = 'Import AsyncAPI';
    args.source ??= await pickFile(title);
    args.folder ??= await pickFolder(title);
    const used = usedContexts(await context.projects());
    args.context ??= await input(
      title,
      'The context of the new API (WSO2 asks it: it is not in the document)',
      {
        placeHolder: '/chats',
        validate: (value) => validateContext(value, used),
      },
    );
    args.endpoint ??= await input(title, 'The backend WebSocket endpoint (production)', {
      placeHolder: 'ws://localhost:8080',
      validate: (value) => validateEndpoint(value),
    });
    return args;
  },
  [DESIGN_COMMANDS.exportAsyncApi]: async (args, context) => {
    const title = 'Export AsyncAPI';
    const project = await projectOf(title, args, context);
    const format = (args.format ??= await pick(
      title,
      'The format',
      EXPORT_FORMATS.map((label) => ({ label })),
    ));
    args.target ??= await saveTarget(title, project, `${folderName(project)}.asyncapi.${textOf(format)}`, {
      AsyncAPI: [textOf(format)],
    });
    return args;
  },
  [DESIGN_COMMANDS.exportApiProject]: async (args, context) => {
    const title = 'Export API Project';
    const project = await projectOf(title, args, context);
    args.target ??= await saveTarget(title, project, `${folderName(project)}.zip`, {
      'apictl project': ['zip'],
    });
    return args;
  },
};

/** A field's value as text (what a caller passed may be anything). */
function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function given<T>(value: T | undefined): T {
  if (value === undefined) {
    throw new Cancelled();
  }
  return value;
}

async function input(
  title: string,
  prompt: string,
  options: { value?: string; placeHolder?: string; validate?: (value: string) => string | undefined },
): Promise<string> {
  const validate = options.validate;
  const answer = await vscode.window.showInputBox({
    title,
    prompt,
    ignoreFocusOut: true,
    ...(options.value !== undefined && { value: options.value }),
    ...(options.placeHolder !== undefined && { placeHolder: options.placeHolder }),
    ...(validate !== undefined && { validateInput: (value: string) => validate(value) }),
  });
  return given(answer)?.trim();
}

async function pick(
  title: string,
  placeHolder: string,
  items: readonly vscode.QuickPickItem[],
): Promise<string> {
  const chosen = await vscode.window.showQuickPick(items, { title, placeHolder, ignoreFocusOut: true });
  return given(chosen).label;
}

async function pickTypes(title: string): Promise<string[]> {
  const items = TOPIC_TYPES.map((type) => ({
    label: type,
    description: type === 'PUB' ? 'clients send messages' : 'clients receive messages',
    picked: true,
  }));
  for (;;) {
    const chosen = given(
      await vscode.window.showQuickPick(items, {
        title,
        placeHolder: 'The operations of the topic',
        canPickMany: true,
        ignoreFocusOut: true,
      }),
    );
    if (chosen.length > 0) {
      return chosen.map((item) => item.label);
    }
    void vscode.window.showWarningMessage('A topic needs PUB, SUB or both: pick at least one.');
  }
}

async function pickSecurity(title: string, project: ApiProjectSummary): Promise<string[]> {
  const current = project.securityScheme.length > 0 ? project.securityScheme : ['oauth2'];
  const items = SECURITY_OPTIONS.map((option) => ({
    label: option,
    description: option === 'oauth2' ? 'OAuth2 access tokens' : 'API keys (apikey header or query)',
    picked: current.includes(option),
  }));
  const chosen = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: 'Runtime security of the API (none picked: no authentication)',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  return given(chosen).map((item) => item.label);
}

async function pickFolder(title: string): Promise<string> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1 && folders[0] !== undefined) {
    return folders[0].uri.toString();
  }
  if (folders.length > 1) {
    const folder = await vscode.window.showWorkspaceFolderPick({
      placeHolder: 'The workspace folder in which the API project folder is created',
      ignoreFocusOut: true,
    });
    return given(folder).uri.toString();
  }
  const chosen = await vscode.window.showOpenDialog({
    title,
    canSelectFolders: true,
    canSelectFiles: false,
    openLabel: 'Create Here',
  });
  return given(chosen?.[0]).toString();
}

async function pickFile(title: string): Promise<string> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const chosen = await vscode.window.showOpenDialog({
    title: `${title}: the AsyncAPI document (2.0 to 2.6 or 3.0)`,
    canSelectFiles: true,
    canSelectFolders: false,
    filters: { AsyncAPI: ['yaml', 'yml', 'json'] },
    ...(active?.scheme === 'file' && { defaultUri: active }),
    openLabel: 'Import',
  });
  return given(chosen?.[0]).toString();
}

async function pickProject(title: string, context: PromptContext): Promise<ApiProjectSummary> {
  const projects = await context.projects();
  if (projects.length === 0) {
    void vscode.window.showErrorMessage(
      'WebSocket API: the workspace has no WebSocket API project yet: run "WebSocket API: Create WebSocket API" first.',
    );
    throw new Cancelled();
  }
  if (projects.length === 1 && projects[0] !== undefined) {
    return projects[0];
  }
  const chosen = await vscode.window.showQuickPick(
    projects.map((project) => ({
      label: project.name,
      description: [project.version, project.context].filter(Boolean).join(' '),
      detail: vscode.workspace.asRelativePath(vscode.Uri.parse(project.folder)),
      project,
    })),
    { title, placeHolder: 'The API', ignoreFocusOut: true },
  );
  return given(chosen).project;
}

/** The project named by `args.project` (folder, api.yaml or definition URI), else the one the user picks. */
async function projectOf(
  title: string,
  args: Record<string, unknown>,
  context: PromptContext,
): Promise<ApiProjectSummary> {
  const named = typeof args.project === 'string' ? args.project : undefined;
  const projects = await context.projects();
  const found = projects.find(
    (project) => named === project.folder || named === project.apiFile || named === project.definition,
  );
  const project = found ?? (named === undefined ? await pickProject(title, context) : undefined);
  if (project === undefined) {
    void vscode.window.showErrorMessage(
      `WebSocket API: ${String(named)} is not a WebSocket API project of the workspace: name its folder, api.yaml or definition.`,
    );
    throw new Cancelled();
  }
  args.project ??= project.folder;
  return project;
}

async function pickTopic(title: string, project: ApiProjectSummary): Promise<string> {
  return pick(
    title,
    `The topic of ${project.name}`,
    project.topics.map((topic) => ({ label: topic.name, description: topicTypes(topic.verbs).join(' ') })),
  );
}

async function saveTarget(
  title: string,
  project: ApiProjectSummary,
  fileName: string,
  filters: Record<string, string[]>,
): Promise<string> {
  const folder = vscode.Uri.parse(project.folder);
  const chosen = await vscode.window.showSaveDialog({
    title,
    defaultUri: folder.with({ path: `${dirname(folder.path)}/${fileName}` }),
    filters,
    saveLabel: 'Export',
  });
  return given(chosen).toString();
}

function folderName(project: ApiProjectSummary): string {
  return decodeURIComponent(basename(vscode.Uri.parse(project.folder).path));
}
