import { readTopics } from '../../asyncapi/topics';
import { namesOfVerb, verbOfType, type Verb } from '../../asyncapi/verbs';
import type { AddTopicArgs } from '../../design/commands';
import type { ProjectEdit, ProjectTexts } from '../../design/project';
import { documentEditor } from '../../design/documentEditor';
import { addTopic, deleteTopic } from '../../design/topicEdits';
import { isRecord } from '../../document/documentKind';
import type { FixContext, QuickFix } from './types';
import type { SourceFile } from '../navigation/sources';
import { isApiYaml } from '../navigation/references';
import { diffEdit, type FileEdit } from '../navigation/rename';

/**
 * `project-topic-missing`: brings the two files of a WSO2 project in line, through the design commands' own
 * edits. On api.yaml: add the topic as a channel of the definition, or remove its operations. On the
 * definition: add operations for the channel to api.yaml, or remove the channel.
 */
export function projectFixes({ file, node, onKey, sources }: FixContext): QuickFix[] {
  const name = onKey ? String(node.path[node.path.length - 1]) : node.value;
  const pair = projectPair(file, sources);
  if (typeof name !== 'string' || pair === undefined) {
    return [];
  }
  const { api, definition, fromApi } = pair;
  const texts: ProjectTexts = {
    api: { text: api.text, format: api.format },
    definition: { text: definition.text, format: definition.format },
  };
  const args = fromApi ? operationArgs(api, name) : channelArgs(definition, name);
  const add = attempt(() => addTopic(texts, { topic: name, ...args }), api, definition);
  const remove = attempt(() => deleteTopic(texts, name), api, definition);
  return [
    ...(add.length === 0
      ? []
      : [
          {
            title: fromApi
              ? `Add the channel '${name}' to ${fileName(definition)}`
              : `Add operations for '${name}' to ${fileName(api)}`,
            edits: add,
            isPreferred: true,
          },
        ]),
    ...(remove.length === 0
      ? []
      : [
          {
            title: fromApi
              ? `Remove the operations of '${name}' from ${fileName(api)}`
              : `Remove the channel '${name}'`,
            edits: remove,
            isPreferred: false,
          },
        ]),
  ];
}

/**
 * `project-verbs-differ`: api.yaml gets the verbs of the AsyncAPI channel (WSO2 keeps the channels on import):
 * missing operations are added, operations of other verbs removed.
 */
export function verbFixes({ file, node, onKey, sources }: FixContext): QuickFix[] {
  const name = isApiYaml(file) || !onKey ? node.value : String(node.path[node.path.length - 1]);
  const pair = projectPair(file, sources);
  if (typeof name !== 'string' || pair === undefined) {
    return [];
  }
  const { api, definition } = pair;
  const args = channelArgs(definition, name);
  if (args.types === undefined) {
    return [];
  }
  let text: string;
  try {
    const added = addTopic(
      {
        api: { text: api.text, format: api.format },
        definition: { text: definition.text, format: definition.format },
      },
      { topic: name, ...args },
    );
    text = added.api ?? api.text;
  } catch {
    return [];
  }
  const editor = documentEditor(text, api.format);
  const operations = editor.value(['data', 'operations']);
  const keep = new Set<string>(args.types.map(verbOfType));
  (Array.isArray(operations) ? operations : [])
    .map((operation: unknown, index) => ({ operation, index }))
    .filter(
      ({ operation }) =>
        isRecord(operation) && operation['target'] === name && !keep.has(String(operation['verb'])),
    )
    .reverse()
    .forEach(({ index }) => editor.remove(['data', 'operations', index]));
  const edits = diffEdit(api.uri, api.text, editor.text);
  return edits.length === 0
    ? []
    : [
        {
          title: `Give '${name}' in ${fileName(api)} the verbs of the AsyncAPI channel`,
          edits,
          isPreferred: true,
        },
      ];
}

/** The verbs and URL mappings api.yaml gives a topic. */
/** A project file and the other file of its project: which is api.yaml and which the definition. */
function projectPair(
  file: SourceFile,
  sources: FixContext['sources'],
): { api: SourceFile; definition: SourceFile; fromApi: boolean } | undefined {
  const fromApi = isApiYaml(file);
  const sibling = sources
    .siblings(file.uri)
    .map((uri) => sources.file(uri))
    .find((candidate) => candidate !== undefined && isApiYaml(candidate) !== fromApi);
  if (sibling === undefined) {
    return undefined;
  }
  return fromApi ? { api: file, definition: sibling, fromApi } : { api: sibling, definition: file, fromApi };
}

function operationArgs(api: SourceFile, topic: string): Omit<AddTopicArgs, 'topic'> {
  const data = isRecord(api.root) && isRecord(api.root['data']) ? api.root['data'] : {};
  const operations = Array.isArray(data['operations']) ? data['operations'].filter(isRecord) : [];
  const own = operations.filter((operation) => operation['target'] === topic);
  const mapping = (verb: Verb): string | undefined => {
    const value = own.find((operation) => operation['verb'] === verb)?.['uriMapping'];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  return typesAndMappings(
    own
      .map((operation) => operation['verb'])
      .filter((verb): verb is Verb => verb === 'PUBLISH' || verb === 'SUBSCRIBE'),
    mapping,
  );
}

/** The verbs and `x-uri-mapping`s of an AsyncAPI channel. */
function channelArgs(definition: SourceFile, topic: string): Omit<AddTopicArgs, 'topic'> {
  const found = isRecord(definition.root)
    ? readTopics(definition.root).find((candidate) => candidate.name === topic)
    : undefined;
  const operations = found?.operations ?? [];
  const mapping = (verb: Verb): string | undefined => {
    const value = operations.find((operation) => operation.verb === verb)?.value['x-uri-mapping'];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  return typesAndMappings(
    operations.map((operation) => operation.verb),
    mapping,
  );
}

function typesAndMappings(
  verbs: readonly Verb[],
  mapping: (verb: Verb) => string | undefined,
): Omit<AddTopicArgs, 'topic'> {
  const types = [...new Set(verbs.map((verb) => namesOfVerb(verb).type))];
  const pub = mapping('PUBLISH');
  const sub = mapping('SUBSCRIBE');
  return {
    ...(types.length > 0 && { types }),
    ...(pub !== undefined && { pubUriMapping: pub }),
    ...(sub !== undefined && { subUriMapping: sub }),
  };
}

/** The edits of a design edit of both files; none when it refuses (a DesignError says why). */
function attempt(change: () => ProjectEdit, api: SourceFile, definition: SourceFile): FileEdit[] {
  let edit: ProjectEdit;
  try {
    edit = change();
  } catch {
    return [];
  }
  return [
    ...(edit.api === undefined ? [] : diffEdit(api.uri, api.text, edit.api)),
    ...(edit.definition === undefined ? [] : diffEdit(definition.uri, definition.text, edit.definition)),
  ];
}

function fileName(file: SourceFile): string {
  const parts = file.uri.split('/');
  return parts
    .slice(-2)
    .join('/')
    .replace(/^[^/]*\/(api\.)/, '$1');
}
