import { majorVersion } from '../../asyncapi/topics';
import { documentEditor, type DocumentEditor } from '../../design/documentEditor';
import { OpenProject } from '../../design/project';
import { AUTHORIZATION_URL } from '../../design/wso2Files';
import { isRecord } from '../../document/documentKind';
import { asyncPolicyFor } from '../../wso2/apiYaml';
import type { JsonPath, Span } from '../../document/locator';
import { projectFixes, verbFixes } from './projectFixes';
import type { NavigationSources, SourceFile } from '../navigation/sources';
import { nodeAt, nodeAtPath, plainValue, walkTree, type TreeNode } from '../navigation/tree';
import { diffEdit, rename, scalarText, type FileEdit } from '../navigation/rename';
import type { FixableDiagnostic, FixContext, QuickFix } from './types';

/** The role a scope the quick fix declares is bound to (WSO2's administrator role). */
export const DEFAULT_SCOPE_ROLE = 'admin';
const IMPLICIT_FLOW = ['components', 'securitySchemes', 'oauth2', 'flows', 'implicit'];

type Fixer = (context: FixContext) => QuickFix[];

const FIXERS: Record<string, Fixer> = {
  'topic-parameter-undeclared': declareParameter,
  'uri-mapping-bare-variable': uriVariable,
  'topic-leading-slash': topicSlash,
  'uri-mapping-start': leadingSlash,
  'wso2-context-slash': leadingSlash,
  'wso2-endpoint-type': wsEndpointType,
  'wso2-throttling-policy': asyncPolicy,
  'server-protocol': serverProtocol,
  'server-url-scheme': serverUrlScheme,
  'server-host-scheme': serverHostScheme,
  'scope-undeclared': declareScope,
  'scope-unbound': bindScope,
  'oauth2-authorization-url': authorizationUrl,
  'auth-type': suggestedValue,
  'asyncapi-document-unresolved': suggestedKey,
  'asyncapi-document-resolved': suggestedKey,
  'asyncapi2-schemas': suggestedKey,
  'project-topic-missing': projectFixes,
  'project-verbs-differ': verbFixes,
};

/** The quick fixes for one diagnostic of a file; none for a code without a fix or a stale diagnostic. */
export function getQuickFixes(
  file: SourceFile,
  diagnostic: FixableDiagnostic,
  sources: NavigationSources,
): QuickFix[] {
  const fixer = FIXERS[diagnostic.code];
  const found = nodeAt(file.tree, diagnostic.span.start);
  if (fixer === undefined || found === undefined) {
    return [];
  }
  const data = isRecord(diagnostic.data) ? diagnostic.data : {};
  try {
    return fixer({ file, node: found.node, onKey: found.onKey, data, sources });
  } catch {
    return []; // a document the fix cannot edit (it changed meanwhile): no fix rather than a wrong one
  }
}

/** The edit that `change` makes to a file through the document editor (comments and layout kept). */
export function editFile(file: SourceFile, change: (editor: DocumentEditor) => void): FileEdit[] {
  const editor = documentEditor(file.text, file.format);
  change(editor);
  return diffEdit(file.uri, file.text, editor.text);
}

function fix(title: string, edits: readonly FileEdit[], isPreferred = true): QuickFix[] {
  return edits.length === 0 ? [] : [{ title, edits, isPreferred }];
}

/** Replaces a string value (or key) in its own quoting. */
function replaceString(file: SourceFile, span: Span, value: string): FileEdit[] {
  const raw = file.text.slice(span.start, span.end);
  return [{ uri: file.uri, span, newText: scalarText(raw, value, file.format) }];
}

function stringValue(node: TreeNode): string | undefined {
  return typeof node.value === 'string' ? node.value : undefined;
}

function majorOf(file: SourceFile): 2 | 3 | undefined {
  return isRecord(file.root) ? majorVersion(file.root) : undefined;
}

function declareParameter({ file, node, data }: FixContext): QuickFix[] {
  const name = data['parameter'];
  const major = majorOf(file);
  if (typeof name !== 'string' || major === undefined) {
    return [];
  }
  const channel = node.path.slice(0, 2).map(String);
  const parameter = major === 2 ? { description: '', schema: { type: 'string' } } : { description: '' };
  const edits = editFile(file, (editor) =>
    OpenProject.ensureEntry(editor, [...channel, 'parameters'], name, parameter),
  );
  return fix(`Declare the topic parameter '${name}'`, edits);
}

function uriVariable(context: FixContext): QuickFix[] {
  const { node, data } = context;
  const variable = data['variable'];
  const mapping = stringValue(node);
  if (typeof variable !== 'string' || mapping === undefined) {
    return [];
  }
  const fixed = mapping.split(`{${variable}}`).join(`{uri.var.${variable}}`);
  return fix(`Write '{uri.var.${variable}}'`, mappingEdits(context, mapping, fixed));
}

/** An AsyncAPI 2 topic is the channel key: renamed with everything that points to it; a 3.x address is a value. */
function topicSlash(context: FixContext): QuickFix[] {
  const { file, node, onKey, sources } = context;
  if (!onKey || node.keySpan === undefined) {
    return leadingSlash(context);
  }
  const topic = String(node.path[node.path.length - 1]);
  const renamed = rename(file, node.keySpan.start, `/${topic}`, sources);
  return 'error' in renamed ? [] : fix(`Write '/${topic}'`, renamed.edits);
}

function leadingSlash(context: FixContext): QuickFix[] {
  const value = stringValue(context.node);
  return value === undefined ? [] : fix(`Write '/${value}'`, mappingEdits(context, value, `/${value}`));
}

/**
 * A new value for the string the diagnostic is on; for an `x-uri-mapping` of a WSO2 project, api.yaml's
 * `uriMapping`s with the same old value follow (else the two files differ).
 */
function mappingEdits({ file, node, sources }: FixContext, before: string, after: string): FileEdit[] {
  const edits = replaceString(file, node.span, after);
  if (node.path[node.path.length - 1] !== 'x-uri-mapping') {
    return edits;
  }
  for (const uri of sources.siblings(file.uri)) {
    const api = sources.file(uri);
    walkTree(nodeAtPath(api?.tree, ['data', 'operations']), (operation) => {
      if (api !== undefined && operation.path[3] === 'uriMapping' && operation.value === before) {
        edits.push(...replaceString(api, operation.span, after));
      }
    });
  }
  return edits;
}

function setValue(file: SourceFile, path: JsonPath, value: unknown): FileEdit[] {
  return editFile(file, (editor) => editor.set(path, value));
}

/** An old export's `endpoint_type: http`, as 4.1 and later write it. */
function wsEndpointType({ file, node }: FixContext): QuickFix[] {
  return stringValue(node) === 'http'
    ? fix(`Set endpoint_type to 'ws'`, replaceString(file, node.span, 'ws'))
    : [];
}

/** A REST subscription policy on a WebSocket API, as its Async counterpart. */
function asyncPolicy({ file, node }: FixContext): QuickFix[] {
  const wanted = asyncPolicyFor(stringValue(node) ?? '');
  return wanted === undefined ? [] : fix(`Use '${wanted}'`, replaceString(file, node.span, wanted));
}

/** Only WSO2 definitions get `server-protocol`, and WSO2 writes `ws` for ws:// and wss:// endpoints alike. */
function serverProtocol({ file, node }: FixContext): QuickFix[] {
  return fix(`Set the protocol to 'ws'`, replaceString(file, node.span, 'ws'));
}

function serverUrlScheme({ file, node }: FixContext): QuickFix[] {
  const url = stringValue(node) ?? '';
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url)?.[1]?.toLowerCase();
  const server = plainValue(nodeParent(file, node));
  const protocol = isRecord(server) ? server['protocol'] : undefined;
  if (scheme === undefined || typeof protocol !== 'string') {
    return [];
  }
  const fixes: QuickFix[] = [];
  if (scheme === 'ws' || scheme === 'wss') {
    fixes.push(
      ...fix(
        `Set the protocol to '${scheme}'`,
        setValue(file, [...node.path.slice(0, -1), 'protocol'], scheme),
      ),
    );
  }
  const rewritten = `${protocol}://${url.slice(scheme.length + 3)}`;
  fixes.push(
    ...fix(`Write the URL as '${rewritten}'`, replaceString(file, node.span, rewritten), fixes.length === 0),
  );
  return fixes;
}

function serverHostScheme({ file, node }: FixContext): QuickFix[] {
  const host = stringValue(node) ?? '';
  const bare = host.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, '');
  return bare === host ? [] : fix(`Write the host as '${bare}'`, replaceString(file, node.span, bare));
}

function nodeParent(file: SourceFile, node: TreeNode): TreeNode | undefined {
  let parent = file.tree;
  for (const segment of node.path.slice(0, -1)) {
    parent = parent?.children.find((child) => child.path[child.path.length - 1] === segment);
  }
  return parent;
}

/** Declares a scope in the implicit flow and binds it to the administrator role (else it is unbound). */
function declareScope({ file, node }: FixContext): QuickFix[] {
  const scope = stringValue(node);
  if (scope === undefined) {
    return [];
  }
  const edits = editFile(file, (editor) => {
    const flow = editor.value(IMPLICIT_FLOW);
    if (!isRecord(flow)) {
      ensureValue(editor, IMPLICIT_FLOW, {
        authorizationUrl: AUTHORIZATION_URL,
        scopes: { [scope]: scope },
        'x-scopes-bindings': { [scope]: DEFAULT_SCOPE_ROLE },
      });
      return;
    }
    OpenProject.ensureEntry(editor, [...IMPLICIT_FLOW, 'scopes'], scope, scope);
    const bindings = flow['x-scopes-bindings'];
    if (!isRecord(bindings) || !(scope in bindings)) {
      OpenProject.ensureEntry(editor, [...IMPLICIT_FLOW, 'x-scopes-bindings'], scope, DEFAULT_SCOPE_ROLE);
    }
  });
  return fix(`Declare the scope '${scope}' (role '${DEFAULT_SCOPE_ROLE}')`, edits);
}

function bindScope({ file, node }: FixContext): QuickFix[] {
  const scope = stringValue(node);
  if (scope === undefined) {
    return [];
  }
  const edits = editFile(file, (editor) =>
    OpenProject.ensureEntry(editor, [...IMPLICIT_FLOW, 'x-scopes-bindings'], scope, DEFAULT_SCOPE_ROLE),
  );
  return fix(`Bind the scope '${scope}' to the role '${DEFAULT_SCOPE_ROLE}'`, edits);
}

/**
 * Sets a value at a path whose parents may be missing: the deepest existing mapping gets the missing part as
 * one nested value (an OAuth2 scheme gets its `type`).
 */
function ensureValue(editor: DocumentEditor, path: readonly string[], value: unknown): void {
  let depth = path.length - 1;
  while (depth > 0 && !isRecord(editor.value(path.slice(0, depth)))) {
    depth--;
  }
  let nested = value;
  for (let index = path.length - 1; index > depth; index--) {
    const key = path[index] ?? '';
    nested = key === 'flows' ? { type: 'oauth2', flows: nested } : { [key]: nested };
  }
  editor.set(path.slice(0, depth + 1), nested);
}

function authorizationUrl({ file, node }: FixContext): QuickFix[] {
  const edits = setValue(file, [...node.path, 'authorizationUrl'], AUTHORIZATION_URL);
  return fix(`Add 'authorizationUrl: ${AUTHORIZATION_URL}'`, edits);
}

function suggestedValue({ file, node, data }: FixContext): QuickFix[] {
  const suggestion = data['suggestion'];
  return typeof suggestion === 'string'
    ? fix(`Change to '${suggestion}'`, replaceString(file, node.span, suggestion))
    : [];
}

/** "did you mean": the unknown key becomes the key the schema allows. */
function suggestedKey({ file, node, onKey, data }: FixContext): QuickFix[] {
  const suggestion = data['suggestion'];
  if (typeof suggestion !== 'string' || !onKey || node.keySpan === undefined) {
    return [];
  }
  return fix(`Change to '${suggestion}'`, replaceString(file, node.keySpan, suggestion));
}
