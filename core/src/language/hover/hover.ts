import { isRecord } from '../../document/documentKind';
import type { Span } from '../../document/locator';
import { formatOf } from '../../document/documentFormat';
import { schemaOf } from '../completion/complete';
import type { AssistDocument, AssistEnvironment } from '../completion/types';
import { pathOfPointer, resolveUri } from '../completion/references';
import { WSO2_EXTENSION_DOCS } from '../completion/webSocket';
import { indexDocument } from '../cursor/indexDocument';
import type { DocumentIndex, NodeAtOffset } from '../cursor/types';
import { topicHover } from './topic';

/** A hover, independent of LSP: Markdown over a range of the document. */
export interface HoverResult {
  readonly markdown: string;
  readonly span: Span;
}

const PREVIEW_LINES = 20;
const SPEC_PAGE = 'https://www.asyncapi.com/docs/reference/specification';

/** What the thing under the cursor is: a key's meaning, a `$ref`'s target, a topic's URLs. */
export function doHover(
  document: AssistDocument,
  offset: number,
  environment: AssistEnvironment,
): HoverResult | undefined {
  const node = document.index.nodeAt(offset);
  if (node === undefined) {
    return undefined;
  }
  if (node.kind === 'value' && node.path[node.path.length - 1] === '$ref') {
    return referenceHover(document, node, environment);
  }
  const topic = topicHover(document, node, environment);
  if (topic !== undefined) {
    return { markdown: topic, span: node.span };
  }
  return node.kind === 'key' ? keyHover(document, node, environment) : undefined;
}

function keyHover(
  document: AssistDocument,
  node: NodeAtOffset,
  environment: AssistEnvironment,
): HoverResult | undefined {
  const navigator = schemaOf(document, environment);
  const name = node.text;
  const parent = node.path.slice(0, -1);
  const nodes = navigator?.at(parent) ?? [];
  const property = navigator?.properties(nodes).find((candidate) => candidate.name === name);
  const description = property?.description ?? WSO2_EXTENSION_DOCS[name];
  if (description === undefined) {
    return undefined;
  }
  const lines = [`**${name}**${property?.required === true ? ' (required)' : ''}`, '', description];
  if (document.kind === 'asyncapi' && property !== undefined) {
    const owner = [...nodes]
      .reverse()
      .find(
        (candidate) => candidate.origin !== undefined && hasProperty(candidate.schema['properties'], name),
      );
    const version = /\/definitions\/(\d+\.\d+\.\d+)\//.exec(owner?.origin ?? '')?.[1];
    const anchor = owner?.origin === undefined ? undefined : anchorOf(owner.origin);
    if (version !== undefined) {
      const title = anchor === undefined ? 'the specification' : `the ${objectTitle(anchor)}`;
      lines.push(
        '',
        `[${title} in AsyncAPI ${version}](${SPEC_PAGE}/v${version}${anchor === undefined ? '' : `#${anchor}`})`,
      );
    }
  } else if (document.kind === 'api-yaml') {
    lines.push('', '_WSO2 API Manager api.yaml_');
  }
  return { markdown: lines.join('\n'), span: node.span };
}

const ANCHORS: Readonly<Record<string, string>> = {
  asyncapi: 'A2SObject',
  externalDocs: 'externalDocumentationObject',
  oauth2Flows: 'oauthFlowsObject',
  oauth2Flow: 'oauthFlowObject',
  oauth2Scopes: 'oauthFlowObject',
  Reference: 'referenceObject',
  ReferenceObject: 'referenceObject',
  anySchema: 'schemaObject',
  schema: 'schemaObject',
  channelMessages: 'messagesObject',
  bindingsObject: 'channelBindingsObject',
};
const SECURITY_SCHEMES =
  /^(?:SecurityScheme|userPassword|apiKey|X509|symmetricEncryption|asymmetricEncryption|\w*HTTPSecurityScheme|openIdConnect|Sasl\w*)$/;

/** The anchor of a definition's section on the spec page: `.../server.json` → `serverObject`. */
export function anchorOf(origin: string): string | undefined {
  if (!origin.includes('/definitions/')) {
    return undefined; // bindings and other schemas have no section of their own
  }
  const name = origin.slice(origin.lastIndexOf('/') + 1).replace(/\.json$/, '');
  if (SECURITY_SCHEMES.test(name)) {
    return 'securitySchemeObject';
  }
  const known = ANCHORS[name];
  if (known !== undefined) {
    return known;
  }
  const camel = name.charAt(0).toLowerCase() + name.slice(1);
  return camel.endsWith('Object') ? camel : `${camel}Object`;
}

/** `serverBindingsObject` → `Server Bindings Object`; `A2SObject` → `AsyncAPI Object`. */
function objectTitle(anchor: string): string {
  if (anchor === 'A2SObject') {
    return 'AsyncAPI Object';
  }
  const words = anchor.replace(/Object$/, '').replace(/([A-Z])/g, ' $1');
  return `${words.charAt(0).toUpperCase()}${words.slice(1)} Object`;
}

function referenceHover(
  document: AssistDocument,
  node: NodeAtOffset,
  environment: AssistEnvironment,
): HoverResult {
  const ref = node.text;
  const hash = ref.indexOf('#');
  const file = hash === -1 ? ref : ref.slice(0, hash);
  const pointer = hash === -1 ? '#' : ref.slice(hash);
  const target = file === '' ? document.index : otherIndex(document.uri, file, environment);
  const path = pathOfPointer(pointer) ?? [];
  const heading = `**\`${ref}\`**`;
  if (target === undefined) {
    return { markdown: `${heading}\n\nThe file ${file} cannot be read.`, span: node.span };
  }
  const source =
    path.length === 0 ? { text: target.text, span: { start: 0, end: 0 } } : target.sourceAt(path);
  if (source === undefined) {
    return {
      markdown: `${heading}\n\nNothing at ${pointer} in ${file === '' ? 'this document' : file}.`,
      span: node.span,
    };
  }
  const column = source.span.start - (target.text.lastIndexOf('\n', source.span.start - 1) + 1);
  const lines = source.text
    .split('\n')
    .map((line, index) => (index === 0 ? line : line.slice(Math.min(column, indentOf(line)))));
  const shown = lines.slice(0, PREVIEW_LINES);
  if (lines.length > PREVIEW_LINES) {
    shown.push(`# … ${lines.length - PREVIEW_LINES} more lines`);
  }
  const language = target.format === 'json' ? 'json' : 'yaml';
  return { markdown: `${heading}\n\n\`\`\`${language}\n${shown.join('\n')}\n\`\`\``, span: node.span };
}

function hasProperty(properties: unknown, name: string): boolean {
  return isRecord(properties) && name in properties;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function otherIndex(base: string, file: string, environment: AssistEnvironment): DocumentIndex | undefined {
  const uri = resolveUri(base, file);
  const text = uri === undefined ? undefined : environment.readFile?.(uri);
  const format = formatOf(file);
  return text === undefined || format === undefined ? undefined : indexDocument(text, format);
}
