// The questions a design command asks for what it was not given, in order, each checked as you type with the
// rules of core/src/design/fields.ts (the server's and the diagnostics' rules). How a question is shown is
// `Questions` (designPrompts.ts shows them in VS Code); this file is the flow, tested as data.
import {
  ASYNCAPI_VERSIONS,
  DESIGN_COMMANDS,
  EXPORT_FORMATS,
  SECURITY_OPTIONS,
  type DesignCommand,
} from '../../../core/src/design/commands';
import { TOPIC_TYPES } from '../../../core/src/asyncapi/verbs';
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

export interface InputQuestion {
  readonly title: string;
  readonly prompt: string;
  readonly value?: string;
  readonly placeHolder?: string;
  /** Hide what is typed (a credential). */
  readonly password?: boolean;
  /** The message shown while the text is not acceptable (undefined: fine). */
  readonly validate?: (value: string) => string | undefined;
}

export interface Choice {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  /** Picked at first, in a question with many answers. */
  readonly picked?: boolean;
}

export interface PickQuestion<T extends Choice> {
  readonly title: string;
  readonly placeHolder: string;
  readonly items: readonly T[];
}

/** How questions reach the user; every answer is undefined when the user closed the question. */
export interface Questions {
  input(question: InputQuestion): Promise<string | undefined>;
  pick<T extends Choice>(question: PickQuestion<T>): Promise<T | undefined>;
  pickMany<T extends Choice>(question: PickQuestion<T>): Promise<readonly T[] | undefined>;
  /** The folder (URI) in which a new project folder is made. */
  folder(title: string): Promise<string | undefined>;
  /** An AsyncAPI document to import (URI). */
  file(title: string): Promise<string | undefined>;
  /** A file to write (URI), suggested at `suggested`. */
  saveTarget(
    title: string,
    suggested: string,
    filters: Readonly<Record<string, string[]>>,
  ): Promise<string | undefined>;
  error(message: string): void;
  warning(message: string): void;
}

export interface QuestionContext {
  /** The workspace's WebSocket API projects, as the server sees them now. */
  projects(): Promise<readonly ApiProjectSummary[]>;
}

/** Thrown when the user closes a question, or there is nothing to ask about (said first): the command stops. */
class Stop extends Error {}

/**
 * The argument object to send, with what was missing asked for; undefined when the user stopped. With every
 * required field given, nothing is asked.
 */
export async function completeArguments(
  command: DesignCommand,
  given: GivenArguments,
  context: QuestionContext,
  questions: Questions,
): Promise<DesignArgs | undefined> {
  if (missingFields(command, given.args).length === 0) {
    return given.args;
  }
  try {
    return await new Asker(questions, context).ask(command, { ...given.args });
  } catch (error) {
    if (error instanceof Stop) {
      return undefined;
    }
    throw error;
  }
}

/** A field's value as text (what a caller passed may be anything). */
function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function answered<T>(value: T | undefined): T {
  if (value === undefined) {
    throw new Stop();
  }
  return value;
}

const ENDPOINT: Omit<InputQuestion, 'title'> = {
  prompt: 'The backend WebSocket endpoint (production)',
  placeHolder: 'ws://localhost:8080',
  validate: (value) => validateEndpoint(value),
};

class Asker {
  constructor(
    private readonly questions: Questions,
    private readonly context: QuestionContext,
  ) {}

  ask(command: DesignCommand, args: Record<string, unknown>): Promise<DesignArgs> {
    switch (command) {
      case DESIGN_COMMANDS.createApi:
        return this.createApi(args);
      case DESIGN_COMMANDS.addTopic:
        return this.addTopic(args);
      case DESIGN_COMMANDS.deleteTopic:
        return this.deleteTopic(args);
      case DESIGN_COMMANDS.setAuth:
        return this.setAuth(args);
      case DESIGN_COMMANDS.importAsyncApi:
        return this.importAsyncApi(args);
      case DESIGN_COMMANDS.exportAsyncApi:
        return this.exportAsyncApi(args);
      case DESIGN_COMMANDS.exportApiProject:
        return this.exportApiProject(args);
    }
  }

  private async createApi(args: Record<string, unknown>): Promise<DesignArgs> {
    const title = 'Create WebSocket API';
    args.folder ??= answered(await this.questions.folder(title));
    args.name ??= await this.input({
      title,
      prompt: 'The API name',
      placeHolder: 'Chats',
      validate: validateName,
    });
    args.version ??= await this.input({
      title,
      prompt: 'The API version',
      value: '1.0.0',
      validate: validateVersion,
    });
    const used = usedContexts(await this.context.projects());
    args.context ??= await this.input({
      title,
      prompt: 'The context: the gateway serves the API at /{context}/{version}',
      value: suggestedContext(textOf(args.name)),
      validate: (value) => validateContext(value, used, textOf(args.version)),
    });
    args.endpoint ??= await this.input({ title, ...ENDPOINT });
    args.asyncapiVersion ??= await this.pick(
      title,
      'The AsyncAPI version of the definition',
      ASYNCAPI_VERSIONS.map((version) => ({
        label: version,
        description:
          version === '2.0.0' ? 'as WSO2 API Manager 4.x writes it' : 'WSO2 API Manager 4.5 and later',
      })),
    );
    return args;
  }

  private async addTopic(args: Record<string, unknown>): Promise<DesignArgs> {
    const title = 'Add Topic';
    const project = await this.projectOf(title, args);
    const topic = (args.topic ??= await this.input({
      title,
      prompt: `The topic of ${project.name}: a path, with {parameters}`,
      placeHolder: '/rooms/{roomID}',
      validate: validateTopic,
    }));
    if (args.types === undefined) {
      args.types = await this.pickTypes(title);
    }
    if (
      args.uriMapping === undefined &&
      args.pubUriMapping === undefined &&
      args.subUriMapping === undefined
    ) {
      const mapping = await this.input({
        title,
        prompt: 'The URL mapping: appended to the endpoint (empty: the endpoint itself)',
        placeHolder: textOf(topic).replace(/\{([^{}]+)\}/g, '{uri.var.$1}'),
        validate: (value) => (value === '' ? undefined : validateUriMapping(value, textOf(topic))),
      });
      if (mapping !== '') {
        args.uriMapping = mapping;
      }
    }
    return args;
  }

  private async deleteTopic(args: Record<string, unknown>): Promise<DesignArgs> {
    const project = await this.projectOf('Delete Topic', args);
    args.topic ??= await this.pickTopic('Delete Topic', project);
    return args;
  }

  private async setAuth(args: Record<string, unknown>): Promise<DesignArgs> {
    const title = 'Set Runtime Auth';
    const project = await this.projectOf(title, args);
    const what =
      args.topic !== undefined || args.authType !== undefined
        ? 'topic'
        : await this.pick(title, 'What to set', [
            { label: 'api', description: "The API's security: OAuth2, API key (api.yaml securityScheme)" },
            { label: 'topic', description: "A topic's auth type: Any (credentials) or None (open)" },
          ]);
    if (what === 'api') {
      const current = project.securityScheme.length > 0 ? project.securityScheme : ['oauth2'];
      const chosen = await this.questions.pickMany({
        title,
        placeHolder: 'Runtime security of the API (none picked: no authentication)',
        items: SECURITY_OPTIONS.map((option) => ({
          label: option,
          description: option === 'oauth2' ? 'OAuth2 access tokens' : 'API keys (apikey header or query)',
          picked: current.includes(option),
        })),
      });
      args.security = answered(chosen).map((item) => item.label);
      return args;
    }
    args.topic ??= await this.pickTopic(title, project);
    args.authType ??= await this.pick(title, `The auth type of ${textOf(args.topic)}`, [
      { label: 'Any', description: 'clients need credentials' },
      { label: 'None', description: 'an open topic' },
    ]);
    return args;
  }

  private async importAsyncApi(args: Record<string, unknown>): Promise<DesignArgs> {
    const title = 'Import AsyncAPI';
    args.source ??= answered(await this.questions.file(title));
    args.folder ??= answered(await this.questions.folder(title));
    const used = usedContexts(await this.context.projects());
    args.context ??= await this.input({
      title,
      prompt: 'The context of the new API (WSO2 asks it: it is not in the document)',
      placeHolder: '/chats',
      validate: (value) => validateContext(value, used),
    });
    args.endpoint ??= await this.input({ title, ...ENDPOINT });
    return args;
  }

  private async exportAsyncApi(args: Record<string, unknown>): Promise<DesignArgs> {
    const title = 'Export AsyncAPI';
    const project = await this.projectOf(title, args);
    const format = textOf(
      (args.format ??= await this.pick(
        title,
        'The format',
        EXPORT_FORMATS.map((label) => ({ label })),
      )),
    );
    args.target ??= answered(
      await this.questions.saveTarget(
        title,
        besideProject(project, `${folderName(project)}.asyncapi.${format}`),
        {
          AsyncAPI: [format],
        },
      ),
    );
    return args;
  }

  private async exportApiProject(args: Record<string, unknown>): Promise<DesignArgs> {
    const title = 'Export API Project';
    const project = await this.projectOf(title, args);
    args.target ??= answered(
      await this.questions.saveTarget(title, besideProject(project, `${folderName(project)}.zip`), {
        'apictl project': ['zip'],
      }),
    );
    return args;
  }

  private async input(question: InputQuestion): Promise<string> {
    return answered(await this.questions.input(question)).trim();
  }

  private async pick(title: string, placeHolder: string, items: readonly Choice[]): Promise<string> {
    return answered(await this.questions.pick({ title, placeHolder, items })).label;
  }

  private async pickTypes(title: string): Promise<string[]> {
    const items = TOPIC_TYPES.map((type) => ({
      label: type,
      description: type === 'PUB' ? 'clients send messages' : 'clients receive messages',
      picked: true,
    }));
    for (;;) {
      const chosen = answered(
        await this.questions.pickMany({ title, placeHolder: 'The operations of the topic', items }),
      );
      if (chosen.length > 0) {
        return chosen.map((item) => item.label);
      }
      this.questions.warning('A topic needs PUB, SUB or both: pick at least one.');
    }
  }

  /** The project named by `args.project` (folder, api.yaml or definition URI), else the one the user picks. */
  private async projectOf(title: string, args: Record<string, unknown>): Promise<ApiProjectSummary> {
    const named = typeof args.project === 'string' ? args.project : undefined;
    const projects = await this.context.projects();
    if (named !== undefined) {
      const found = projects.find((project) =>
        [project.folder, project.apiFile, project.definition].includes(named),
      );
      if (found === undefined) {
        this.questions.error(
          `WebSocket API: ${named} is not a WebSocket API project of the workspace: name its folder, api.yaml or definition.`,
        );
        throw new Stop();
      }
      return found;
    }
    if (projects.length === 0) {
      this.questions.error(
        'WebSocket API: the workspace has no WebSocket API project yet: run "WebSocket API: Create WebSocket API" first.',
      );
      throw new Stop();
    }
    const only = projects.length === 1 ? projects[0] : undefined;
    const project =
      only ??
      answered(
        await this.questions.pick({
          title,
          placeHolder: 'The API',
          items: projects.map((candidate) => ({
            label: candidate.name,
            description: [candidate.version, candidate.context].filter(Boolean).join(' '),
            detail: decodeURIComponent(candidate.folder.replace(/^file:\/\//, '')),
            project: candidate,
          })),
        }),
      ).project;
    args.project = project.folder;
    return project;
  }

  private pickTopic(title: string, project: ApiProjectSummary): Promise<string> {
    return this.pick(
      title,
      `The topic of ${project.name}`,
      project.topics.map((topic) => ({ label: topic.name, description: topicTypes(topic.verbs).join(' ') })),
    );
  }
}

/** A file named `fileName` beside the project folder (URI). */
function besideProject(project: ApiProjectSummary, fileName: string): string {
  return `${project.folder.slice(0, project.folder.lastIndexOf('/'))}/${encodeURIComponent(fileName)}`;
}

function folderName(project: ApiProjectSummary): string {
  return decodeURIComponent(project.folder.slice(project.folder.lastIndexOf('/') + 1));
}
