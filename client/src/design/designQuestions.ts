// The questions a design command asks for what it was not given, in order ("step k of n", with Back to the
// previous one), each checked as you type with the rules of core/src/design/fields.ts (the server's and the
// diagnostics' rules). How a question is shown is `Questions` (designPrompts.ts shows them in VS Code); this
// file is the flow, tested as data.
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

/** A question's place in its command: VS Code shows "k/n" in the title, and a Back button from the second on. */
export interface StepInfo {
  readonly step: number;
  readonly totalSteps: number;
}

/** Thrown by a question with a `step` past the first when the user presses Back. */
export class GoBack extends Error {
  constructor() {
    super('back to the previous question');
  }
}

export interface InputQuestion {
  readonly title: string;
  readonly step?: StepInfo;
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
  readonly step?: StepInfo;
  readonly placeHolder: string;
  readonly items: readonly T[];
  /** The label of the item active at first (the answer given before the user came back). */
  readonly active?: string;
}

/**
 * How questions reach the user; every answer is undefined when the user closed the question. A question with a
 * `step` past the first offers Back, which rejects with GoBack.
 */
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
  /** Why the file (URI) cannot be imported as an AsyncAPI document, or undefined when it can. */
  importProblem?(source: string): Promise<string | undefined>;
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
  try {
    if (missingFields(command, given.args).length === 0) {
      // What can be checked before the server is asked (and before a confirmation) is checked here too.
      if (command === DESIGN_COMMANDS.deleteTopic) {
        const project = findProject(await context.projects(), textOf(given.args.project));
        if (project !== undefined) {
          refuseLastTopic(project, questions);
        }
      }
      return given.args;
    }
    return await new Asker(questions, context).ask(command, { ...given.args });
  } catch (error) {
    if (error instanceof Stop) {
      return undefined;
    }
    throw error;
  }
}

/** WSO2 refuses an API without a topic: deleting the last one is refused before anything is asked. */
function refuseLastTopic(project: ApiProjectSummary, questions: Questions): void {
  if (project.topics.length <= 1) {
    questions.error(
      `WebSocket API: ${project.topics[0]?.name ?? 'this'} is the last topic of ${project.name}, and WSO2 refuses an API without one: add another topic first.`,
    );
    throw new Stop();
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

/** The answers of a command's flow so far: the argument object, with what the user was asked filled in. */
type Answers = Record<string, unknown>;

/** Where a question stands in its command: shown as "step k of n", with a Back button from the second on. */
interface Asked {
  readonly step: StepInfo;
  /** The answer given before the user came back to this question: the default now. */
  readonly previous: unknown;
}

/**
 * One question of a command's flow. It is asked when its field is missing and `when` holds for the answers so
 * far; the number of steps shown is the count of such questions known at that point.
 */
interface FlowStep {
  readonly field: string;
  readonly when?: (answers: Answers) => boolean;
  readonly ask: (answers: Answers, asked: Asked) => Promise<unknown>;
}

class Asker {
  constructor(
    private readonly questions: Questions,
    private readonly context: QuestionContext,
  ) {}

  ask(command: DesignCommand, args: Answers): Promise<DesignArgs> {
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

  /**
   * Asks the steps in order, each with its number among the steps known then; Back (GoBack) returns to the
   * previous question with its answer as the default. Fields given before the flow started are never asked.
   */
  private async steps(args: Answers, steps: readonly FlowStep[]): Promise<Answers> {
    const pending = steps.filter((step) => args[step.field] === undefined);
    const asked: number[] = [];
    const previous: Answers = {};
    let index = 0;
    while (index < pending.length) {
      const step = pending[index];
      if (step === undefined || step.when?.(args) === false) {
        index += 1;
        continue;
      }
      const rest = pending.slice(index).filter((later) => later.when?.(args) !== false).length;
      const at = { step: asked.length + 1, totalSteps: asked.length + rest };
      try {
        const answer = await step.ask(args, { step: at, previous: previous[step.field] });
        previous[step.field] = answer;
        args[step.field] = answer;
        asked.push(index);
        index += 1;
      } catch (error) {
        const back = asked.pop();
        if (!(error instanceof GoBack) || back === undefined) {
          throw error;
        }
        const field = pending[back]?.field ?? '';
        // The step gone back to is asked again: its answer is only the default now.
        delete args[field];
        index = back;
      }
    }
    return args;
  }

  private async createApi(args: Answers): Promise<DesignArgs> {
    const title = 'Create WebSocket API';
    args.folder ??= answered(await this.questions.folder(title));
    const projects = await this.context.projects();
    const used = usedContexts(projects);
    return this.steps(args, [
      {
        field: 'name',
        ask: (_, asked) =>
          this.input({ title, prompt: 'The API name', placeHolder: 'Chats', validate: validateName }, asked),
      },
      {
        field: 'version',
        ask: (answers, asked) =>
          this.input(
            {
              title,
              prompt: 'The API version',
              value: '1.0.0',
              validate: (value) => {
                const taken = projects.find(
                  (project) => project.name === textOf(answers.name) && project.version === value.trim(),
                );
                return (
                  validateVersion(value) ??
                  (taken === undefined
                    ? undefined
                    : `${taken.name} ${taken.version} exists already (${folderName(taken)}): give another version.`)
                );
              },
            },
            asked,
          ),
      },
      {
        field: 'context',
        ask: (answers, asked) =>
          this.input(
            {
              title,
              prompt: 'The context: the gateway serves the API at /{context}/{version}',
              value: suggestedContext(textOf(answers.name)),
              validate: (value) => validateContext(value, used, textOf(answers.version)),
            },
            asked,
          ),
      },
      { field: 'endpoint', ask: (_, asked) => this.input({ title, ...ENDPOINT }, asked) },
      {
        field: 'asyncapiVersion',
        ask: (_, asked) =>
          this.pick(
            title,
            'The AsyncAPI version of the definition',
            ASYNCAPI_VERSIONS.map((version) => ({
              label: version,
              description:
                version === '2.0.0' ? 'as WSO2 API Manager 4.x writes it' : 'WSO2 API Manager 4.5 and later',
            })),
            asked,
          ),
      },
    ]);
  }

  private async addTopic(args: Answers): Promise<DesignArgs> {
    const title = 'Add Topic';
    const projects = await this.projectsFor(args);
    const answers = await this.steps(args, [
      this.projectStep(title, projects),
      {
        field: 'topic',
        ask: (answers, asked) =>
          this.input(
            {
              title,
              prompt: `The topic of ${projectIn(answers, projects).name}: a path, with {parameters}`,
              placeHolder: '/rooms/{roomID}',
              validate: validateTopic,
            },
            asked,
          ),
      },
      { field: 'types', ask: (_, asked) => this.pickTypes(title, asked) },
      {
        field: 'uriMapping',
        when: (answers) => answers.pubUriMapping === undefined && answers.subUriMapping === undefined,
        ask: (answers, asked) =>
          this.input(
            {
              title,
              prompt: 'The URL mapping: appended to the endpoint (empty: the endpoint itself)',
              placeHolder: textOf(answers.topic).replace(/\{([^{}]+)\}/g, '{uri.var.$1}'),
              validate: (value) =>
                value === '' ? undefined : validateUriMapping(value, textOf(answers.topic)),
            },
            asked,
          ),
      },
    ]);
    if (answers.uriMapping === '') {
      delete answers.uriMapping;
    }
    return answers;
  }

  private async deleteTopic(args: Answers): Promise<DesignArgs> {
    const title = 'Delete Topic';
    const projects = await this.projectsFor(args);
    const picked = this.projectStep(title, projects);
    if (args.project !== undefined) {
      refuseLastTopic(projectIn(args, projects), this.questions);
    }
    return this.steps(args, [
      {
        ...picked,
        ask: async (answers, asked) => {
          const folder = await picked.ask(answers, asked);
          refuseLastTopic(projectIn({ project: folder }, projects), this.questions);
          return folder;
        },
      },
      { field: 'topic', ask: (answers, asked) => this.pickTopic(title, projectIn(answers, projects), asked) },
    ]);
  }

  private async setAuth(args: Answers): Promise<DesignArgs> {
    const title = 'Set Runtime Auth';
    const projects = await this.projectsFor(args);
    const given = args.topic !== undefined || args.authType !== undefined;
    const answers = await this.steps(args, [
      this.projectStep(title, projects),
      {
        field: 'what',
        when: () => !given,
        ask: (_, asked) =>
          this.pick(
            title,
            'What to set',
            [
              { label: 'api', description: "The API's security: OAuth2, API key (api.yaml securityScheme)" },
              { label: 'topic', description: "A topic's auth type: Any (credentials) or None (open)" },
            ],
            asked,
          ),
      },
      {
        field: 'security',
        when: (answers) => answers.what === 'api',
        ask: async (answers, asked) => {
          const project = projectIn(answers, projects);
          const current = Array.isArray(asked.previous)
            ? asked.previous
            : project.securityScheme.length > 0
              ? project.securityScheme
              : ['oauth2'];
          const chosen = await this.questions.pickMany({
            title,
            placeHolder: 'Runtime security of the API (none picked: no authentication)',
            items: SECURITY_OPTIONS.map((option) => ({
              label: option,
              description: option === 'oauth2' ? 'OAuth2 access tokens' : 'API keys (apikey header or query)',
              picked: current.includes(option),
            })),
            step: asked.step,
          });
          return answered(chosen).map((item) => item.label);
        },
      },
      {
        field: 'topic',
        when: (answers) => answers.what !== 'api',
        ask: (answers, asked) => this.pickTopic(title, projectIn(answers, projects), asked),
      },
      {
        field: 'authType',
        when: (answers) => answers.what !== 'api',
        ask: (answers, asked) =>
          this.pick(
            title,
            `The auth type of ${textOf(answers.topic)}`,
            [
              { label: 'Any', description: 'clients need credentials' },
              { label: 'None', description: 'an open topic' },
            ],
            asked,
          ),
      },
    ]);
    delete answers.what;
    return answers;
  }

  private async importAsyncApi(args: Answers): Promise<DesignArgs> {
    const title = 'Import AsyncAPI';
    args.source ??= answered(await this.questions.file(title));
    // A document that is not AsyncAPI is refused before anything else is asked.
    const problem = await this.context.importProblem?.(textOf(args.source));
    if (problem !== undefined) {
      this.questions.error(`WebSocket API: ${problem}`);
      throw new Stop();
    }
    args.folder ??= answered(await this.questions.folder(title));
    const used = usedContexts(await this.context.projects());
    return this.steps(args, [
      {
        field: 'context',
        ask: (_, asked) =>
          this.input(
            {
              title,
              prompt: 'The context of the new API (WSO2 asks it: it is not in the document)',
              placeHolder: '/chats',
              validate: (value) => validateContext(value, used),
            },
            asked,
          ),
      },
      { field: 'endpoint', ask: (_, asked) => this.input({ title, ...ENDPOINT }, asked) },
    ]);
  }

  private async exportAsyncApi(args: Answers): Promise<DesignArgs> {
    const title = 'Export AsyncAPI';
    const projects = await this.projectsFor(args);
    const answers = await this.steps(args, [
      this.projectStep(title, projects),
      {
        field: 'format',
        ask: (_, asked) =>
          this.pick(
            title,
            'The format',
            EXPORT_FORMATS.map((label) => ({ label })),
            asked,
          ),
      },
    ]);
    const project = projectIn(answers, projects);
    const format = textOf(answers.format);
    answers.target ??= answered(
      await this.questions.saveTarget(
        title,
        besideProject(project, `${folderName(project)}.asyncapi.${format}`),
        { AsyncAPI: [format] },
      ),
    );
    return answers;
  }

  private async exportApiProject(args: Answers): Promise<DesignArgs> {
    const title = 'Export API Project';
    const projects = await this.projectsFor(args);
    const answers = await this.steps(args, [this.projectStep(title, projects)]);
    const project = projectIn(answers, projects);
    answers.target ??= answered(
      await this.questions.saveTarget(title, besideProject(project, `${folderName(project)}.zip`), {
        'apictl project': ['zip'],
      }),
    );
    return answers;
  }

  private async input(question: InputQuestion, asked: Asked): Promise<string> {
    const previous = typeof asked.previous === 'string' ? asked.previous : question.value;
    return answered(
      await this.questions.input({
        ...question,
        ...(previous !== undefined && { value: previous }),
        step: asked.step,
      }),
    ).trim();
  }

  private async pick(
    title: string,
    placeHolder: string,
    items: readonly Choice[],
    asked: Asked,
  ): Promise<string> {
    const active = typeof asked.previous === 'string' ? asked.previous : undefined;
    return answered(
      await this.questions.pick({
        title,
        placeHolder,
        items,
        step: asked.step,
        ...(active !== undefined && { active }),
      }),
    ).label;
  }

  private async pickTypes(title: string, asked: Asked): Promise<string[]> {
    const before = Array.isArray(asked.previous) ? asked.previous : TOPIC_TYPES;
    const items = TOPIC_TYPES.map((type) => ({
      label: type,
      description: type === 'PUB' ? 'clients send messages' : 'clients receive messages',
      picked: before.includes(type),
    }));
    for (;;) {
      const chosen = answered(
        await this.questions.pickMany({
          title,
          placeHolder: 'The operations of the topic',
          items,
          step: asked.step,
        }),
      );
      if (chosen.length > 0) {
        return chosen.map((item) => item.label);
      }
      this.questions.warning('A topic needs PUB, SUB or both: pick at least one.');
    }
  }

  /**
   * The workspace's projects, with `args.project` (folder, api.yaml or definition URI) checked, or the only
   * project taken: what is wrong is said before anything is asked.
   */
  private async projectsFor(args: Answers): Promise<readonly ApiProjectSummary[]> {
    const named = typeof args.project === 'string' ? args.project : undefined;
    const projects = await this.context.projects();
    if (named !== undefined) {
      if (findProject(projects, named) === undefined) {
        this.questions.error(
          `WebSocket API: ${named} is not a WebSocket API project of the workspace: name its folder, api.yaml or definition.`,
        );
        throw new Stop();
      }
      return projects;
    }
    if (projects.length === 0) {
      this.questions.error(
        'WebSocket API: the workspace has no WebSocket API project yet: run "WebSocket API: Create WebSocket API" first.',
      );
      throw new Stop();
    }
    if (projects.length === 1) {
      args.project = projects[0]?.folder;
    }
    return projects;
  }

  /** The project (its folder), picked among several. */
  private projectStep(title: string, projects: readonly ApiProjectSummary[]): FlowStep {
    return {
      field: 'project',
      ask: async (_, asked) => {
        const items = projects.map((candidate) => ({
          label: candidate.name,
          description: [candidate.version, candidate.context].filter(Boolean).join(' '),
          detail: decodeURIComponent(candidate.folder.replace(/^file:\/\//, '')),
          project: candidate,
        }));
        const previous = projects.find((candidate) => candidate.folder === asked.previous);
        const chosen = await this.questions.pick({
          title,
          placeHolder: 'The API',
          items,
          step: asked.step,
          ...(previous !== undefined && { active: previous.name }),
        });
        return answered(chosen).project.folder;
      },
    };
  }

  private pickTopic(title: string, project: ApiProjectSummary, asked: Asked): Promise<string> {
    return this.pick(
      title,
      `The topic of ${project.name}`,
      project.topics.map((topic) => ({ label: topic.name, description: topicTypes(topic.verbs).join(' ') })),
      asked,
    );
  }
}

function findProject(projects: readonly ApiProjectSummary[], named: string): ApiProjectSummary | undefined {
  return projects.find((project) => [project.folder, project.apiFile, project.definition].includes(named));
}

/** The project `answers.project` names (checked by projectsFor, or picked). */
function projectIn(answers: Answers, projects: readonly ApiProjectSummary[]): ApiProjectSummary {
  const project = findProject(projects, textOf(answers.project));
  if (project === undefined) {
    throw new Error(`no project ${textOf(answers.project)}`);
  }
  return project;
}

/** A file named `fileName` beside the project folder (URI). */
function besideProject(project: ApiProjectSummary, fileName: string): string {
  return `${project.folder.slice(0, project.folder.lastIndexOf('/'))}/${encodeURIComponent(fileName)}`;
}

function folderName(project: ApiProjectSummary): string {
  return decodeURIComponent(project.folder.slice(project.folder.lastIndexOf('/') + 1));
}
