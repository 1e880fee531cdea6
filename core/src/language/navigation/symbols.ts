import { SymbolKind } from 'vscode-languageserver-types';

import { majorVersion, readTopics, type DocumentTopic } from '../../asyncapi/topics';
import { namesOfVerb } from '../../asyncapi/verbs';
import { isRecord } from '../../document/documentKind';
import type { Span } from '../../document/locator';
import type { FileSpan, SourceFile } from './sources';
import { memberSpan, nodeAtPath, type TreeNode } from './tree';
import { isApiYaml } from './references';

/** One entry of a document's outline. */
export interface OutlineSymbol {
  readonly name: string;
  readonly detail?: string;
  readonly kind: SymbolKind;
  /** From the key to the end of the value. */
  readonly span: Span;
  /** The key (or the value that names it). */
  readonly selection: Span;
  readonly children: readonly OutlineSymbol[];
}

const COMPONENT_KINDS: Record<string, SymbolKind> = {
  messages: SymbolKind.Struct,
  schemas: SymbolKind.Class,
  securitySchemes: SymbolKind.Key,
  parameters: SymbolKind.TypeParameter,
};

/**
 * The outline of an AsyncAPI document (info, servers, topics with their operations, messages, components) or
 * of a WSO2 api.yaml (the API and its operations); nothing for other files.
 */
export function findDocumentSymbols(file: SourceFile): OutlineSymbol[] {
  if (isApiYaml(file)) {
    return apiYamlSymbols(file);
  }
  const root = file.root;
  if (!isRecord(root) || !('asyncapi' in root) || file.tree === undefined) {
    return [];
  }
  const major = majorVersion(root);
  const topics = readTopics(root);
  return file.tree.children.map((section): OutlineSymbol => {
    const key = String(section.path[0]);
    switch (key) {
      case 'info':
        return symbol(section, 'info', SymbolKind.Namespace, [], infoDetail(root['info']));
      case 'servers':
        return symbol(section, key, SymbolKind.Module, section.children.map(serverSymbol));
      case 'channels':
        return symbol(
          section,
          key,
          SymbolKind.Module,
          section.children.map((channel) => topicSymbol(file, channel, topics, major)),
        );
      case 'operations':
        return symbol(section, key, SymbolKind.Module, section.children.map(operation3Symbol));
      case 'components':
        return symbol(section, key, SymbolKind.Module, section.children.map(componentKindSymbol));
      default:
        return symbol(section, key, SymbolKind.Property, [], scalarDetail(section));
    }
  });
}

function symbol(
  node: TreeNode,
  name: string,
  kind: SymbolKind,
  children: readonly OutlineSymbol[],
  detail?: string,
  selection?: Span,
): OutlineSymbol {
  return {
    name: name === '' ? '""' : name,
    ...(detail === undefined || detail === '' ? {} : { detail }),
    kind,
    span: memberSpan(node),
    selection: selection ?? node.keySpan ?? node.span,
    children,
  };
}

function keyOf(node: TreeNode): string {
  return String(node.path[node.path.length - 1]);
}

function infoDetail(info: unknown): string | undefined {
  if (!isRecord(info)) {
    return undefined;
  }
  return [info['title'], info['version']].filter((part) => typeof part === 'string').join(' ');
}

function scalarDetail(node: TreeNode): string | undefined {
  return node.type === 'scalar' && node.value !== null ? String(node.value) : undefined;
}

function child(node: TreeNode, key: string): TreeNode | undefined {
  return node.children.find((candidate) => keyOf(candidate) === key);
}

function serverSymbol(server: TreeNode): OutlineSymbol {
  const protocol = scalarDetail(child(server, 'protocol') ?? server);
  const address = child(server, 'url') ?? child(server, 'host');
  const detail = [protocol, address && scalarDetail(address)].filter(Boolean).join(' ');
  return symbol(server, keyOf(server), SymbolKind.Object, [], detail);
}

/** A topic with its operations: PUB and SUB (AsyncAPI 2 `publish`/`subscribe`), or AsyncAPI 3 send/receive. */
function topicSymbol(
  file: SourceFile,
  channel: TreeNode,
  topics: readonly DocumentTopic[],
  major: 2 | 3 | undefined,
): OutlineSymbol {
  const topic = topics.find((candidate) => candidate.path[1] === keyOf(channel));
  const children: OutlineSymbol[] = [];
  if (major === 3) {
    for (const operation of topic?.operations ?? []) {
      const node = nodeAtPath(file.tree, operation.path);
      if (node !== undefined) {
        const { action } = namesOfVerb(operation.verb);
        children.push(symbol(node, action, SymbolKind.Event, [], keyOf(node)));
      }
    }
    const messages = child(channel, 'messages');
    children.push(
      ...(messages?.children ?? []).map((message) => symbol(message, keyOf(message), SymbolKind.Struct, [])),
    );
  } else {
    // PUB first, as WSO2's Publisher lists them.
    for (const { operationKey: key, type: label } of [namesOfVerb('PUBLISH'), namesOfVerb('SUBSCRIBE')]) {
      const node = child(channel, key);
      if (node !== undefined) {
        children.push(symbol(node, label, SymbolKind.Event, [], operationDetail(node)));
      }
    }
  }
  const name = topic?.name ?? keyOf(channel);
  const detail = topic !== undefined && topic.name !== keyOf(channel) ? keyOf(channel) : undefined;
  return symbol(channel, name, SymbolKind.Interface, children, detail);
}

function operationDetail(operation: TreeNode): string | undefined {
  for (const key of ['operationId', 'summary', 'x-uri-mapping']) {
    const value = child(operation, key);
    if (value?.type === 'scalar' && value.value !== null) {
      return String(value.value);
    }
  }
  return undefined;
}

function operation3Symbol(operation: TreeNode): OutlineSymbol {
  const action = child(operation, 'action');
  const channel = child(child(operation, 'channel') ?? operation, '$ref');
  const detail = [action && scalarDetail(action), channel && scalarDetail(channel)].filter(Boolean).join(' ');
  return symbol(operation, keyOf(operation), SymbolKind.Event, [], detail);
}

function componentKindSymbol(kind: TreeNode): OutlineSymbol {
  const itemKind = COMPONENT_KINDS[keyOf(kind)] ?? SymbolKind.Object;
  return symbol(
    kind,
    keyOf(kind),
    SymbolKind.Namespace,
    kind.children.map((item) => symbol(item, keyOf(item), itemKind, [])),
  );
}

/** api.yaml: the API (name, version, context) and its operations, `SUBSCRIBE /rooms/{roomID}`. */
function apiYamlSymbols(file: SourceFile): OutlineSymbol[] {
  const data = nodeAtPath(file.tree, ['data']);
  if (data === undefined) {
    return [];
  }
  const value = (key: string): string | undefined => scalarDetail(child(data, key) ?? data);
  const operations = child(data, 'operations');
  const children = (operations?.children ?? []).map((operation) => {
    const target = child(operation, 'target');
    const verb = child(operation, 'verb');
    const name = [verb && scalarDetail(verb), target && scalarDetail(target)].filter(Boolean).join(' ');
    return symbol(operation, name || 'operation', SymbolKind.Event, [], undefined, target?.span);
  });
  const detail = [value('version'), value('context')].filter(Boolean).join(' ');
  return [
    symbol(
      data,
      value('name') ?? 'data',
      SymbolKind.Namespace,
      operations === undefined ? [] : [symbol(operations, 'operations', SymbolKind.Module, children)],
      detail,
    ),
  ];
}

/** A topic of a workspace API, for workspace symbols. */
export interface TopicSymbol extends FileSpan {
  readonly name: string;
  /** The API's title and version. */
  readonly container: string;
}

/** Every topic of the AsyncAPI documents among the files whose name matches the query (letters in order). */
export function findTopicSymbols(files: readonly SourceFile[], query: string): TopicSymbol[] {
  const wanted = query.toLowerCase();
  return files.flatMap((file) => {
    const root = file.root;
    if (!isRecord(root) || !('asyncapi' in root)) {
      return [];
    }
    const container = infoDetail(root['info']) ?? '';
    return readTopics(root)
      .filter((topic) => isSubsequence(wanted, topic.name.toLowerCase()))
      .flatMap((topic): TopicSymbol[] => {
        const node = nodeAtPath(file.tree, topic.namePath);
        const span =
          node === undefined
            ? undefined
            : topic.namePath === topic.path
              ? (node.keySpan ?? node.span)
              : node.span;
        return span === undefined ? [] : [{ name: topic.name, container, uri: file.uri, span }];
      });
  });
}

function isSubsequence(query: string, text: string): boolean {
  let at = 0;
  for (const character of query) {
    at = text.indexOf(character, at) + 1;
    if (at === 0) {
      return false;
    }
  }
  return true;
}
