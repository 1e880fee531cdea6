/** The two text formats an API definition can be written in. */
export type DocumentFormat = 'yaml' | 'json';

const JSON_LANGUAGE_IDS = new Set(['json', 'jsonc']);
const YAML_LANGUAGE_IDS = new Set(['yaml', 'yml']);

/**
 * Picks the format from the editor's language id, falling back to the file name.
 * Returns undefined for anything that is neither YAML nor JSON.
 */
export function formatOf(fileName: string, languageId?: string): DocumentFormat | undefined {
  if (languageId !== undefined) {
    if (JSON_LANGUAGE_IDS.has(languageId)) {
      return 'json';
    }
    if (YAML_LANGUAGE_IDS.has(languageId)) {
      return 'yaml';
    }
  }
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json')) {
    return 'json';
  }
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) {
    return 'yaml';
  }
  return undefined;
}
