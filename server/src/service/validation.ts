import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';

import {
  apiFileCandidates,
  checkApiMeta,
  checkDeploymentEnvironments,
  formatOf,
  isSyntaxProblem,
  parseDocument,
  ProblemSink,
  isApiYaml,
  isRecord,
  normalizeContext,
  projectFileOf,
  projectFolderOf,
  projectSiblings,
  readApiYaml,
  readDocument,
  toProblems,
  type Finding,
  type JsonPath,
  type Problem,
  type Severity,
  type ParsedDocument,
  type ParseCache,
} from '../../../core/src';
import { schemaDiagnostics } from './parserDiagnostics';
import { checkProjectConsistency } from './projectConsistency';
import type { DocumentValidation } from './types';
import { schemaCovers, schemaFindings, specVersionOf, type SpecValidator } from './schemaFindings';

/** The `source` of every diagnostic wsapi's own checks report. */
export const DIAGNOSTIC_SOURCE = 'wsapi';

export const NOTHING: DocumentValidation = {
  diagnostics: [],
  flavor: 'other',
  needsParser: false,
  locate: () => undefined,
};

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

// apictl's layout (api.yaml beside Definitions/asyncapi.yaml, the meta files) is core's projectLayout.
export { projectSiblings };

/** Reads another file of the workspace by URI (an open editor's text first); undefined when there is none. */
export type ReadFile = (uri: string) => string | undefined;

/** Where an API of the workspace is served: its api.yaml and the context and version it claims. */
export interface ApiPlacement {
  readonly uri: string;
  readonly context: string;
  readonly version: string;
}

/** What validation may know of the rest of the workspace. */
export interface WorkspaceContext {
  readonly readFile?: ReadFile;
  /** Every api.yaml of the workspace with its context and version. */
  readonly apis?: () => Iterable<ApiPlacement>;
  /** The parse cache of an open document, so that an edit parses again only what it changed. */
  readonly parseCache?: (uri: string) => ParseCache | undefined;
  /** The validator of an AsyncAPI version's JSON Schema; without it the schema is left to the official parser. */
  readonly specValidator?: (version: string) => SpecValidator | undefined;
}

/** The context and version an api.yaml claims, in the form the gateway compares them. */
export function placementOf(uri: string, root: unknown): ApiPlacement | undefined {
  const data = isRecord(root) && isRecord(root['data']) ? root['data'] : undefined;
  const context = data?.['context'];
  const version = data?.['version'];
  if (typeof context !== 'string' || (typeof version !== 'string' && typeof version !== 'number')) {
    return undefined;
  }
  return { uri, context: normalizeContext(context), version: String(version) };
}

/** The root value of the project's other file, when it exists and reads without syntax errors. */
function siblingRoot(uri: string, readFile: ReadFile): unknown {
  for (const sibling of projectSiblings(uri)) {
    const text = readFile(sibling);
    const format = text === undefined ? undefined : formatOf(sibling);
    if (text !== undefined && format !== undefined) {
      const parsed = parseDocument(text, format);
      return parsed.problems.some(isSyntaxProblem) ? undefined : parsed.root;
    }
  }
  return undefined;
}

/**
 * Syntax and WebSocket/WSO2 rules for one open document; nothing for what is not an API definition. With
 * `readFile`, the two files of a WSO2 API project are also checked against each other.
 */
export function doValidation(document: TextDocument, workspace: WorkspaceContext = {}): DocumentValidation {
  const readFile = workspace.readFile ?? (() => undefined);
  const format = formatOf(document.uri, document.languageId);
  if (format === undefined) {
    return NOTHING;
  }
  const text = document.getText();
  const role = projectFileOf(document.uri)?.role;
  if (role === 'api') {
    const parsed = parseDocument(text, format);
    if (isApiYaml(document.uri, parsed.root)) {
      return validateApiYaml(document, parsed, workspace);
    }
  }
  if (role === 'deployment_environments' || role === 'api_meta') {
    return validateProjectMeta(document, parseDocument(text, format), role, readFile);
  }
  const cache = workspace.parseCache?.(document.uri);
  const reading = readDocument(text, format, { wso2Project: role === 'definition' }, cache);
  if (reading.kind !== 'asyncapi') {
    return NOTHING;
  }
  const locator = reading.parsed?.locator;
  const inProject = role === 'definition' && locator !== undefined && !reading.problems.some(isSyntaxProblem);
  const project = inProject
    ? toProblems(
        checkProjectConsistency(siblingRoot(document.uri, readFile), reading.parsed?.root).asyncapi,
        locator,
      )
    : [];
  const needsParser = !reading.problems.some(isSyntaxProblem);
  const locate: DocumentValidation['locate'] = (path, target) => {
    const span = locator?.locate(path, target);
    return span && { start: document.positionAt(span.start), end: document.positionAt(span.end) };
  };
  const root = reading.parsed?.root;
  const version = needsParser ? specVersionOf(root) : undefined;
  const validate = version === undefined ? undefined : workspace.specValidator?.(version);
  // In pieces where the parse is in pieces: it keeps the objects of the text an edit did not touch.
  const schema =
    validate === undefined
      ? []
      : schemaFindings(root, validate, cache?.piecesOf(text) === undefined ? 'whole' : 'pieces');
  return {
    diagnostics: [
      ...[...reading.problems, ...project].map((problem) => toDiagnostic(document, problem)),
      ...schemaDiagnostics(schema, { locate }, DIAGNOSTIC_SOURCE),
    ],
    flavor: reading.flavor,
    needsParser,
    locate,
    ...(validate !== undefined && { schemaCovers: (path: JsonPath) => schemaCovers(root, path) }),
  };
}

/** deployment_environments.yaml and api_meta.yaml of a WSO2 project (api_meta.yaml against api.yaml beside it). */
function validateProjectMeta(
  document: TextDocument,
  parsed: ParsedDocument,
  file: 'deployment_environments' | 'api_meta',
  readFile: ReadFile,
): DocumentValidation {
  const sink = new ProblemSink(parsed, file);
  if (file === 'deployment_environments') {
    checkDeploymentEnvironments(parsed, sink);
  } else {
    const apiYaml = apiFileCandidates(projectFolderOf(document.uri))
      .map((uri) => ({ uri, text: readFile(uri) }))
      .find((candidate) => candidate.text !== undefined);
    const format = apiYaml === undefined ? undefined : formatOf(apiYaml.uri);
    const apiRoot =
      apiYaml?.text === undefined || format === undefined
        ? undefined
        : parseDocument(apiYaml.text, format).root;
    checkApiMeta(parsed, apiRoot, sink);
  }
  return {
    diagnostics: sink.problems.map((problem) => toDiagnostic(document, problem)),
    flavor: 'wso2',
    needsParser: false,
    locate: () => undefined,
  };
}

/** A WSO2 project's api.yaml: required fields, a `ws` endpoint, operations, context rules. */
function validateApiYaml(
  document: TextDocument,
  parsed: ParsedDocument,
  workspace: WorkspaceContext,
): DocumentValidation {
  const sink = new ProblemSink(parsed, 'api');
  readApiYaml(parsed, sink);
  const readFile = workspace.readFile ?? (() => undefined);
  const project = parsed.problems.some(isSyntaxProblem)
    ? []
    : toProblems(
        [
          ...checkProjectConsistency(parsed.root, siblingRoot(document.uri, readFile)).api,
          ...duplicatePlacements(placementOf(document.uri, parsed.root), workspace),
        ],
        parsed.locator,
      );
  return {
    diagnostics: [...sink.problems, ...project].map((problem) => toDiagnostic(document, problem)),
    flavor: 'wso2',
    needsParser: false,
    locate: () => undefined,
  };
}

/** Two API projects on one context and version: the gateway cannot tell them apart. */
function duplicatePlacements(own: ApiPlacement | undefined, workspace: WorkspaceContext): Finding[] {
  if (own === undefined || workspace.apis === undefined) {
    return [];
  }
  return [...workspace.apis()]
    .filter(
      (other) => other.uri !== own.uri && other.context === own.context && other.version === own.version,
    )
    .map((other) => ({
      code: 'project-duplicate-context',
      severity: 'error' as const,
      path: ['data', 'context'],
      target: 'value' as const,
      message: `Another API project (${decodeURIComponent(other.uri.replace(/^file:\/\//, ''))}) has context ${own.context} and version ${own.version}: a gateway cannot serve both. Change the context or the version of one.`,
    }));
}

function toDiagnostic(document: TextDocument, problem: Problem): Diagnostic {
  return {
    range: { start: document.positionAt(problem.start), end: document.positionAt(problem.end) },
    severity: SEVERITIES[problem.severity],
    code: problem.code,
    source: DIAGNOSTIC_SOURCE,
    message: problem.message,
    ...(problem.data !== undefined && { data: problem.data }),
  };
}
