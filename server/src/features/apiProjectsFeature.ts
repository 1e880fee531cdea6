import {
  formatOf,
  isRecord,
  normalizeContext,
  parseDocument,
  projectFileOf,
  projectFolderOf,
  readApiProject,
  readAsyncApiTopics,
  type ApiTopic,
  type ParsedDocument,
} from '../../../core/src';
import { ApiProjectsRequest, type ApiProjectSummary, type ApiTopicSummary } from '../../../core/src/protocol';
import type { ReadFile } from '../service/validation';
import { handler } from '../utils/runner';
import type { ServerFeature } from './feature';

/** `wsapi/apiProjects`: the WebSocket API projects of the workspace, for the editor's "WebSocket APIs" view. */
export const apiProjectsFeature: ServerFeature = {
  capabilities: () => ({}),
  register(context) {
    const { connection, runtime } = context;
    const answer = handler(connection, 'the API projects', [], () =>
      summarizeApiProjects(runtime.findProjectFiles?.(context.workspaceFolders()) ?? [], context.readText),
    );
    connection.onRequest(ApiProjectsRequest.type, (token) => answer(undefined, token));
  },
};

/**
 * The WebSocket API projects among project files (URIs of api.yaml files and their definitions, as the
 * workspace search finds them), read through `readFile` (open editors first); REST and other APIs are left out.
 */
export function summarizeApiProjects(files: readonly string[], readFile: ReadFile): ApiProjectSummary[] {
  const summaries = files
    .filter((file) => projectFileOf(file)?.role === 'api')
    .sort()
    .flatMap((apiFile) => {
      const folder = projectFolderOf(apiFile);
      const definition = files.find((file) => {
        const found = projectFileOf(file);
        return found?.role === 'definition' && found.folder === folder;
      });
      const summary = summarizeApiProject(
        apiFile,
        readFile(apiFile),
        definition,
        definition && readFile(definition),
      );
      return summary === undefined ? [] : [summary];
    });
  return withoutTwins(summaries).sort(
    (a, b) => a.name.localeCompare(b.name) || (a.version ?? '').localeCompare(b.version ?? ''),
  );
}

/**
 * A project on the context and version of one before it (by api.yaml URI) cannot be served beside it: the
 * gateway skips it, so the view shows it as not servable, with the project it clashes with.
 */
function withoutTwins(summaries: readonly ApiProjectSummary[]): ApiProjectSummary[] {
  const owners = new Map<string, ApiProjectSummary>();
  return summaries.map((summary) => {
    if (summary.problem !== undefined || summary.context === undefined || summary.version === undefined) {
      return summary;
    }
    const place = `${normalizeContext(summary.context)} ${summary.version}`;
    const owner = owners.get(place);
    if (owner === undefined) {
      owners.set(place, summary);
      return summary;
    }
    return {
      ...summary,
      problem: `${decodeURIComponent(owner.apiFile)} has context ${summary.context} and version ${summary.version} too: a gateway serves that one and skips this one. Change the context or the version of one.`,
    };
  });
}

/** One project from the texts of its files; undefined when it is not a WebSocket API (or api.yaml is gone). */
export function summarizeApiProject(
  apiFile: string,
  apiText: string | undefined,
  definition: string | undefined,
  definitionText: string | undefined,
): ApiProjectSummary | undefined {
  const apiYaml = parse(apiFile, apiText);
  if (apiYaml === undefined) {
    return undefined;
  }
  const asyncApi = definition === undefined ? undefined : parse(definition, definitionText);
  const reading = readApiProject(apiYaml, asyncApi);
  if (reading.kind === 'not-ws') {
    return undefined;
  }
  const folder = apiFile.slice(0, apiFile.lastIndexOf('/'));
  const data = isRecord(apiYaml.root) && isRecord(apiYaml.root.data) ? apiYaml.root.data : {};
  const topics = reading.kind === 'ws' ? reading.api.topics : readAsyncApiTopics(asyncApi?.root);
  const problem = reading.problems.find((candidate) => candidate.severity === 'error');
  const version = text(data.version);
  const context = text(data.context);
  return {
    folder,
    apiFile,
    ...(definition !== undefined && { definition }),
    name: text(data.name) ?? decodeURIComponent(folder.slice(folder.lastIndexOf('/') + 1)),
    ...(version !== undefined && { version }),
    ...(context !== undefined && { context }),
    securityScheme: Array.isArray(data.securityScheme)
      ? data.securityScheme.filter((entry): entry is string => typeof entry === 'string')
      : [],
    topics: topics.map(topicSummary),
    ...(problem !== undefined && { problem: problem.message }),
  };
}

function topicSummary({ name, verbs, uriMapping, authType, scopes }: ApiTopic): ApiTopicSummary {
  return {
    name,
    verbs,
    ...(uriMapping !== undefined && { uriMapping }),
    ...(authType !== undefined && { authType }),
    ...(scopes !== undefined && { scopes }),
  };
}

function parse(uri: string, content: string | undefined): ParsedDocument | undefined {
  const format = formatOf(uri);
  return content === undefined || format === undefined ? undefined : parseDocument(content, format);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number') {
    return String(value);
  }
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
