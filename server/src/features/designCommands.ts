import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CreateFile,
  type ExecuteCommandParams,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

import {
  apiFileCandidates,
  createApi,
  definitionCandidates,
  addTopic,
  changedSpan,
  deleteTopic,
  DESIGN_COMMANDS,
  DesignError,
  exportApiProject,
  exportAsyncApi,
  EXPORT_FORMATS,
  formatOf,
  importAsyncApi,
  META_FILE_NAMES,
  projectFolderOf,
  setAuth,
  type ApiPlace,
  type CreateApiArgs,
  type DesignResult,
  type SetAuthArgs,
  type ExportFormat,
  type NewFile,
  type NewProject,
  type ProjectEdit,
  type ProjectTexts,
  type SourceText,
} from '../../../core/src';
import { toRange } from '../utils/lspConversions';
import { handler } from '../utils/runner';
import type { ServerContext, ServerFeature } from './feature';

type Args = Readonly<Record<string, unknown>>;
type Handler = (args: Args, files: DesignFiles) => Promise<DesignResult>;

/**
 * The design commands as `workspace/executeCommand`: each computes all its files first, then applies them with
 * one `workspace/applyEdit` (files created with CreateFile + TextDocumentEdit), so nothing is half-written.
 */
export const designCommandsFeature: ServerFeature = {
  capabilities: () => ({ executeCommandProvider: { commands: Object.values(DESIGN_COMMANDS) } }),
  register(context) {
    const unexpected = (error: unknown): ResponseError<void> =>
      new ResponseError(
        ErrorCodes.InternalError,
        `The command failed: ${error instanceof Error ? error.message : String(error)}. The language server's log has the details.`,
      );
    context.connection.onExecuteCommand(
      handler<ExecuteCommandParams, DesignResult>(
        context.connection,
        'a design command',
        unexpected,
        (params) => executeDesignCommand(params, new DesignFiles(context)),
      ),
    );
  },
};

const HANDLERS: Readonly<Record<string, Handler>> = {
  [DESIGN_COMMANDS.createApi]: async (args, files) => {
    const { folder, ...fields } = required(args, 'folder', 'name', 'context', 'version', 'endpoint');
    const project = createApi(
      {
        ...fields,
        // createApi checks the version's value.
        ...(optionalStrings(args, 'sandboxEndpoint', 'asyncapiVersion') as Pick<
          CreateApiArgs,
          'sandboxEndpoint' | 'asyncapiVersion'
        >),
      },
      files.usedPlaces(),
    );
    return files.create(folder, project, 'Create WebSocket API');
  },
  [DESIGN_COMMANDS.addTopic]: async (args, files) => {
    const { project: uri, topic } = required(args, 'project', 'topic');
    const project = files.project(uri);
    const types = args['types'];
    if (types !== undefined && !Array.isArray(types)) {
      throw new DesignError("types is a list such as ['PUB', 'SUB'].", 'types');
    }
    const edit = addTopic(project.texts, {
      topic,
      ...(types !== undefined && { types: types as [] }),
      ...optionalStrings(args, 'description', 'uriMapping', 'pubUriMapping', 'subUriMapping'),
    });
    return files.update(project, edit, 'Add topic');
  },
  [DESIGN_COMMANDS.deleteTopic]: async (args, files) => {
    const { project: uri, topic } = required(args, 'project', 'topic');
    const project = files.project(uri);
    return files.update(project, deleteTopic(project.texts, topic), 'Delete topic');
  },
  [DESIGN_COMMANDS.setAuth]: async (args, files) => {
    const project = files.project(required(args, 'project').project);
    const security = args['security'];
    if (security !== undefined && !Array.isArray(security)) {
      throw new DesignError("security is a list of 'oauth2' and 'api_key' (empty: no auth).", 'security');
    }
    const edit = setAuth(project.texts, {
      ...(security !== undefined && { security: security as [] }),
      // setAuth checks the auth type's value.
      ...(optionalStrings(args, 'topic', 'authType') as Pick<SetAuthArgs, 'topic' | 'authType'>),
    });
    return files.update(project, edit, 'Set runtime auth');
  },
  [DESIGN_COMMANDS.importAsyncApi]: async (args, files) => {
    const { source, folder, context, endpoint } = required(args, 'source', 'folder', 'context', 'endpoint');
    const project = importAsyncApi(files.source(source, 'source'), { context, endpoint }, files.usedPlaces());
    return files.create(folder, project, 'Import AsyncAPI');
  },
  [DESIGN_COMMANDS.exportAsyncApi]: async (args, files) => {
    const { project: uri, target } = required(args, 'project', 'target');
    const project = files.project(uri);
    const format = (optionalStrings(args, 'format').format ??
      (/\.json$/i.test(target) ? 'json' : 'yaml')) as ExportFormat;
    if (!EXPORT_FORMATS.includes(format)) {
      throw new DesignError(`format is 'yaml' or 'json', not '${format}'.`, 'format');
    }
    return files.write(target, exportAsyncApi(project.texts.definition, format), 'Export AsyncAPI');
  },
  [DESIGN_COMMANDS.exportApiProject]: async (args, files) => {
    const { project: uri, target } = required(args, 'project', 'target');
    const project = files.project(uri);
    const zip = exportApiProject(project.texts, project.files());
    return files.writeBinary(target, zip);
  },
};

async function executeDesignCommand(params: ExecuteCommandParams, files: DesignFiles): Promise<DesignResult> {
  const handler = Object.hasOwn(HANDLERS, params.command) ? HANDLERS[params.command] : undefined;
  if (handler === undefined) {
    throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command '${params.command}'.`);
  }
  const args: unknown = params.arguments?.[0] ?? {};
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `${params.command} takes one object of arguments.`);
  }
  try {
    return await handler(args as Args, files);
  } catch (error) {
    if (error instanceof DesignError) {
      throw new ResponseError(ErrorCodes.InvalidParams, error.message, { field: error.field });
    }
    throw error;
  }
}

/** The required text arguments, or a DesignError naming every one that is missing. */
function required<K extends string>(args: Args, ...names: K[]): Record<K, string> {
  const missing = names.filter((name) => {
    const value = args[name];
    return typeof value !== 'string' || value.trim() === '';
  });
  if (missing.length > 0) {
    const list = missing.map((name) => `'${name}'`).join(', ');
    throw new DesignError(
      missing.length === 1 ? `The argument ${list} is missing.` : `The arguments ${list} are missing.`,
      missing[0],
    );
  }
  return Object.fromEntries(names.map((name) => [name, args[name]])) as Record<K, string>;
}

function optionalStrings<K extends string>(args: Args, ...names: K[]): Partial<Record<K, string>> {
  const found: Partial<Record<K, string>> = {};
  for (const name of names) {
    const value = args[name];
    if (value === undefined) {
      continue;
    }
    if (typeof value !== 'string') {
      throw new DesignError(`The argument '${name}' must be a text.`, name);
    }
    found[name] = value;
  }
  return found;
}

/** An API project found from a URI: its folder and the texts of its files (open documents first). */
interface FoundProject {
  readonly folder: string;
  readonly apiUri: string;
  readonly definitionUri: string;
  readonly texts: ProjectTexts;
  files(): NewFile[];
}

/** Reading and writing of workspace files for the commands: open documents first, then the disk. */
class DesignFiles {
  constructor(private readonly context: ServerContext) {}

  read(uri: string): string | undefined {
    return this.context.readText(uri);
  }

  source(uri: string, field: string): SourceText {
    const text = this.read(uri);
    const format = formatOf(uri);
    if (text === undefined || format === undefined) {
      throw new DesignError(
        text === undefined
          ? `Cannot read ${uri}: name an existing file.`
          : `${uri} is not a YAML or JSON file.`,
        field,
      );
    }
    return { text, format };
  }

  /** The project of a folder, api.yaml or Definitions/asyncapi.* URI. */
  project(uri: string): FoundProject {
    const folder = projectFolderOf(uri);
    const apiUri = this.firstExisting(apiFileCandidates(folder));
    if (apiUri === undefined) {
      throw new DesignError(
        `No api.yaml in ${folder}: 'project' names an API project folder, its api.yaml or its Definitions/asyncapi.yaml.`,
        'project',
      );
    }
    const definitionUri = this.firstExisting(definitionCandidates(folder));
    if (definitionUri === undefined) {
      throw new DesignError(
        `The project ${folder} has no Definitions/asyncapi.yaml: WSO2 needs it.`,
        'project',
      );
    }
    const texts = { api: this.source(apiUri, 'project'), definition: this.source(definitionUri, 'project') };
    return {
      folder,
      apiUri,
      definitionUri,
      texts,
      files: () =>
        [apiUri, definitionUri, ...META_FILE_NAMES.map((name) => `${folder}/${name}`)].flatMap((uri) => {
          const text = this.read(uri);
          return text === undefined ? [] : [{ path: uri.slice(folder.length + 1), text }];
        }),
    };
  }

  /** The contexts and versions of the workspace's APIs, for the uniqueness check of createApi and import. */
  usedPlaces(): ApiPlace[] {
    return [...(this.context.projects.context.apis?.() ?? [])].map(({ context, version }) => ({
      context,
      version,
    }));
  }

  private firstExisting(uris: readonly string[]): string | undefined {
    return uris.find((uri) => this.read(uri) !== undefined);
  }

  async create(parent: string, project: NewProject, label: string): Promise<DesignResult> {
    const folder = `${parent.replace(/\/+$/, '')}/${encodeURIComponent(project.folder)}`;
    if (this.firstExisting(apiFileCandidates(folder)) !== undefined) {
      throw new DesignError(
        `${folder} already holds an API project: choose another name or version.`,
        'name',
      );
    }
    const uris = project.files.map((file) => `${folder}/${file.path}`);
    await this.apply(
      label,
      project.files.flatMap((file, index) => createWithText(uris[index] ?? '', file.text, false)),
    );
    return { changed: uris, definition: `${folder}/${project.definition}` };
  }

  async update(project: FoundProject, edit: ProjectEdit, label: string): Promise<DesignResult> {
    const changes: TextDocumentEdit[] = [];
    for (const [uri, before, after] of [
      [project.apiUri, project.texts.api.text, edit.api],
      [project.definitionUri, project.texts.definition.text, edit.definition],
    ] as const) {
      if (after !== undefined) {
        changes.push(this.textEdit(uri, before, after));
      }
    }
    if (changes.length > 0) {
      await this.apply(label, changes);
    }
    return { changed: changes.map((change) => change.textDocument.uri) };
  }

  async write(target: string, text: string, label: string): Promise<DesignResult> {
    // A file that is there already is edited: an editor may keep its open buffer over a re-created file.
    const before = this.read(target);
    await this.apply(
      label,
      before === undefined ? createWithText(target, text, true) : [this.textEdit(target, before, text)],
    );
    return { changed: [target] };
  }

  async writeBinary(target: string, content: Uint8Array): Promise<DesignResult> {
    const writeFile = this.context.runtime.writeFile;
    if (writeFile === undefined) {
      throw new ResponseError(
        ErrorCodes.InternalError,
        'This server cannot write files: its runtime has no writeFile.',
      );
    }
    try {
      await writeFile(target, content);
    } catch (error) {
      throw new ResponseError(
        ErrorCodes.InternalError,
        `Could not write ${target}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return { changed: [target] };
  }

  /** One edit of a file from its text before to its text after: the changed middle only. */
  private textEdit(uri: string, before: string, after: string): TextDocumentEdit {
    const { start, end, newText } = changedSpan(before, after);
    const document = TextDocument.create(uri, 'yaml', 0, before);
    const open = this.context.documents.get(uri);
    return {
      textDocument: { uri, version: open?.version ?? null },
      edits: [{ range: toRange(document, { start, end }), newText }],
    };
  }

  private async apply(label: string, documentChanges: Array<CreateFile | TextDocumentEdit>): Promise<void> {
    const edit = this.workspaceEdit(label, documentChanges);
    if (this.context.clientCapabilities().workspace?.workspaceEdit?.documentChanges !== true) {
      await this.makeFolders(documentChanges);
    }
    const result = await this.context.connection.workspace.applyEdit({ label, edit });
    if (!result.applied) {
      throw new ResponseError(
        LSPErrorCodes.RequestFailed,
        `${label}: the editor did not apply the edit${result.failureReason ? ` (${result.failureReason})` : ''}, so nothing was written.`,
      );
    }
  }

  /**
   * Makes the missing folders of the files an edit creates, for an editor that creates files with resource
   * operations but declares no `documentChanges` and makes no folder for them (neovim 0.7).
   */
  private async makeFolders(documentChanges: ReadonlyArray<CreateFile | TextDocumentEdit>): Promise<void> {
    const { createDirectory, listDirectory } = this.context.runtime;
    const folders = new Set(
      documentChanges.flatMap((change) =>
        'kind' in change && change.kind === 'create'
          ? [change.uri.slice(0, change.uri.lastIndexOf('/'))]
          : [],
      ),
    );
    for (const folder of folders) {
      if (createDirectory !== undefined && listDirectory?.(folder) === undefined) {
        await createDirectory(folder);
      }
    }
  }

  /**
   * The edit in a form the editor declares: `documentChanges` (edits by document version) when it does, else
   * `changes` for edits of existing files; new files need the `create` resource operation, sent in
   * `documentChanges` (neovim 0.7 declares `resourceOperations` but not `documentChanges`).
   */
  private workspaceEdit(label: string, documentChanges: Array<CreateFile | TextDocumentEdit>): WorkspaceEdit {
    const workspace = this.context.clientCapabilities().workspace;
    const refuse = (what: string, capability: string): ResponseError<void> =>
      new ResponseError(
        ErrorCodes.InvalidRequest,
        `The editor does not ${what} (it does not declare ${capability}): ${label} needs it.`,
      );
    if (workspace?.applyEdit !== true) {
      throw refuse('apply workspace edits', 'workspace.applyEdit');
    }
    const edits = documentChanges.filter((change): change is TextDocumentEdit => !('kind' in change));
    if (edits.length < documentChanges.length) {
      if (workspace.workspaceEdit?.resourceOperations?.includes('create') !== true) {
        throw refuse(
          'create files in a workspace edit',
          "workspace.workspaceEdit.resourceOperations 'create'",
        );
      }
      return { documentChanges };
    }
    if (workspace.workspaceEdit?.documentChanges === true) {
      return { documentChanges };
    }
    return { changes: Object.fromEntries(edits.map((edit) => [edit.textDocument.uri, edit.edits])) };
  }
}

function createWithText(uri: string, text: string, overwrite: boolean): Array<CreateFile | TextDocumentEdit> {
  return [
    {
      kind: 'create',
      uri,
      options: overwrite ? { overwrite: true } : { overwrite: false, ignoreIfExists: false },
    },
    {
      textDocument: { uri, version: null },
      // The whole new file, its last line break included (to the start of line 1): an editor that keeps a file as
      // lines (neovim) then writes no empty line after the text; the others clamp the range to the empty file.
      edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, newText: text }],
    },
  ];
}
