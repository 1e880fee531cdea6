// apictl's API project layout (docs/wso2.md section 4): the one place wsapi spells the file names of a project,
// which file is the sibling of which, and what makes a file an api.yaml. Pure: names and URIs (or paths with
// '/'), no disk; core/src/node/projectFiles.ts finds projects on disk with these names.
import { isRecord } from '../document/documentKind';

/** An API project's descriptor, in the order apictl looks for it. */
export const API_FILE_NAMES = ['api.yaml', 'api.yml', 'api.json'] as const;
/** An API project's AsyncAPI definition, in the order looked for. */
export const DEFINITION_FILE_NAMES = [
  'Definitions/asyncapi.yaml',
  'Definitions/asyncapi.yml',
  'Definitions/asyncapi.json',
] as const;
/** The other files apictl reads beside api.yaml (an exported .zip carries them). */
export const META_FILE_NAMES = ['deployment_environments.yaml', 'api_meta.yaml'] as const;

/** One glob for every api.yaml and definition of a workspace (VS Code file watchers and searches). */
export const PROJECT_FILES_GLOB = `**/{${[...API_FILE_NAMES, ...DEFINITION_FILE_NAMES].join(',')}}`;

/** What a file is in its project. */
export type ProjectFileRole = 'api' | 'definition' | 'deployment_environments' | 'api_meta';

const ROLES: ReadonlyArray<readonly [ProjectFileRole, RegExp]> = [
  ['api', /\/api\.(?:ya?ml|json)$/i],
  ['definition', /\/Definitions\/asyncapi\.(?:ya?ml|json)$/i],
  ['deployment_environments', /\/deployment_environments\.(?:ya?ml|json)$/i],
  ['api_meta', /\/api_meta\.(?:ya?ml|json)$/i],
];

/** The role and the project folder of a file named by URI (or '/' path); undefined for any other file. */
export function projectFileOf(uri: string): { role: ProjectFileRole; folder: string } | undefined {
  for (const [role, pattern] of ROLES) {
    const match = pattern.exec(uri);
    if (match !== null) {
      return { role, folder: uri.slice(0, match.index) };
    }
  }
  return undefined;
}

/** The project folder of a project file's URI; any other URI is taken as the folder itself. */
export function projectFolderOf(uri: string): string {
  return projectFileOf(uri)?.folder ?? uri.replace(/\/+$/, '');
}

/** Where a folder's api.yaml may be, in apictl's order. */
export function apiFileCandidates(folder: string): string[] {
  return API_FILE_NAMES.map((name) => `${folder}/${name}`);
}

/** Where a folder's AsyncAPI definition may be, in order. */
export function definitionCandidates(folder: string): string[] {
  return DEFINITION_FILE_NAMES.map((name) => `${folder}/${name}`);
}

/** The other file of a WSO2 API project: the api.yaml candidates of a definition, and back; else none. */
export function projectSiblings(uri: string): string[] {
  const file = projectFileOf(uri);
  if (file?.role === 'api') {
    return definitionCandidates(file.folder);
  }
  if (file?.role === 'definition') {
    return apiFileCandidates(file.folder);
  }
  return [];
}

/**
 * The api.yaml test: a file named api.yaml, api.yml or api.json whose root says `type: api` (apictl's
 * descriptor), wherever the key sits in the text (an indented or one-line api.json too).
 */
export function isApiYaml(uri: string, root: unknown): boolean {
  return projectFileOf(uri)?.role === 'api' && isRecord(root) && root['type'] === 'api';
}
