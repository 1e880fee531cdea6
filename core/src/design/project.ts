import { majorVersion, readTopics, type DocumentTopic } from '../asyncapi';
import { isRecord } from '../document/documentKind';
import type { DocumentFormat } from '../document/documentFormat';
import { parseDocument } from '../document/parseDocument';
import { normalizeTopic } from '../wso2/topicTemplate';
import { documentEditor, type DocumentEditor } from './documentEditor';

/** A file's text and format. */
export interface SourceText {
  readonly text: string;
  readonly format: DocumentFormat;
}

/** The two files of an API project the design commands edit. */
export interface ProjectTexts {
  readonly api: SourceText;
  readonly definition: SourceText;
}

/** New texts of the files an edit changed (absent: unchanged). */
export interface ProjectEdit {
  readonly api?: string;
  readonly definition?: string;
}

/** A file of a new project: a path relative to the project folder, `/`-separated, and its text. */
export interface NewFile {
  readonly path: string;
  readonly text: string;
}

/** A project to create: the folder name (`<name>-<version>`) and its files. */
export interface NewProject {
  readonly folder: string;
  readonly files: readonly NewFile[];
  /** The path of the AsyncAPI definition among `files`. */
  readonly definition: string;
}

export { changedSpan } from '../document/textChange';

/** Bad input to a design command: the message names the field and the fix. Nothing was written. */
export class DesignError extends Error {
  constructor(
    message: string,
    /** The argument at fault, when one is. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DesignError';
  }
}

/** The root of a text that must read without syntax errors, else a DesignError naming the file. */
export function readDesignRoot(source: SourceText, what: string): Record<string, unknown> {
  const parsed = parseDocument(source.text, source.format);
  const syntax = parsed.problems.find((problem) => problem.severity === 'error');
  if (syntax !== undefined) {
    throw new DesignError(`${what} has a syntax error (${syntax.message}): fix it first.`);
  }
  if (!isRecord(parsed.root)) {
    throw new DesignError(
      `${what} is not a mapping: it is not ${what === 'api.yaml' ? 'an apictl api.yaml' : 'an AsyncAPI document'}.`,
    );
  }
  return parsed.root;
}

/** An API project opened for editing: both files' editors and what the core readers see in them. */
export class OpenProject {
  readonly api: DocumentEditor;
  readonly definition: DocumentEditor;
  readonly major: 2 | 3;

  constructor(private readonly texts: ProjectTexts) {
    const apiRoot = readDesignRoot(texts.api, 'api.yaml');
    const data = apiRoot['data'];
    if (!isRecord(data)) {
      throw new DesignError("api.yaml has no 'data' mapping: it is not an apictl api.yaml.");
    }
    if (String(data['type']).toUpperCase() !== 'WS') {
      throw new DesignError(
        `api.yaml describes a ${String(data['type'])} API: the design commands edit WebSocket APIs (type: WS) only.`,
        'project',
      );
    }
    const major = majorVersion(readDesignRoot(texts.definition, 'The AsyncAPI definition'));
    if (major === undefined) {
      throw new DesignError("The AsyncAPI definition has no 'asyncapi: 2.x' or '3.0' version: add it first.");
    }
    this.major = major;
    this.api = documentEditor(texts.api.text, texts.api.format);
    this.definition = documentEditor(texts.definition.text, texts.definition.format);
  }

  /** The definition's topics, as the core reader finds them in its current text. */
  topics(): DocumentTopic[] {
    const root = this.definition.value([]);
    return isRecord(root) ? readTopics(root) : [];
  }

  topic(name: string): DocumentTopic | undefined {
    return this.topics().find((topic) => normalizeTopic(topic.name) === normalizeTopic(name));
  }

  /** api.yaml `data.operations` as written (entries may be malformed; the diagnostics report them). */
  operations(): unknown[] {
    const operations = this.api.value(['data', 'operations']);
    return Array.isArray(operations) ? operations : [];
  }

  /** Indexes into `data.operations` of a topic's operations (of one verb when given). */
  operationIndexes(topic: string, verb?: string): number[] {
    return this.operations().flatMap((operation, index) =>
      isRecord(operation) &&
      typeof operation['target'] === 'string' &&
      normalizeTopic(operation['target']) === normalizeTopic(topic) &&
      (verb === undefined || String(operation['verb']).toUpperCase() === verb)
        ? [index]
        : [],
    );
  }

  /** Every topic of the API: api.yaml operation targets and definition channels, in that order, once each. */
  allTopics(): string[] {
    const names = [
      ...this.operations().flatMap((operation) =>
        isRecord(operation) && typeof operation['target'] === 'string' ? [operation['target']] : [],
      ),
      ...this.topics().map((topic) => topic.name),
    ];
    const seen = new Map<string, string>();
    for (const name of names) {
      if (!seen.has(normalizeTopic(name))) {
        seen.set(normalizeTopic(name), name);
      }
    }
    return [...seen.values()];
  }

  /** Sets `key` in the mapping at `path`, creating the mapping when it is absent. */
  static ensureEntry(editor: DocumentEditor, path: readonly string[], key: string, value: unknown): void {
    if (isRecord(editor.value(path))) {
      editor.set([...path, key], value);
    } else {
      editor.set(path, { [key]: value });
    }
  }

  /** The changed texts. */
  edit(): ProjectEdit {
    for (const [what, before, after] of [
      ['api.yaml', this.texts.api, this.api.text],
      ['The AsyncAPI definition', this.texts.definition, this.definition.text],
    ] as const) {
      const broken =
        after === before.text
          ? undefined
          : parseDocument(after, before.format).problems.find((problem) => problem.severity === 'error');
      if (broken !== undefined) {
        throw new DesignError(
          `The edit would leave ${what} unreadable (${broken.message}), so nothing was written: please report this.`,
        );
      }
    }
    return {
      ...(this.api.text !== this.texts.api.text && { api: this.api.text }),
      ...(this.definition.text !== this.texts.definition.text && { definition: this.definition.text }),
    };
  }
}
