import { strToU8, zipSync } from 'fflate';

import type { ExportFormat } from './commands';
import { render } from './documentEditor';
import { readRoot, type NewFile, type SourceText } from './project';

/** The AsyncAPI definition in a format: the text as it is when the format is its own, else converted. */
export function exportAsyncApi(definition: SourceText, format: ExportFormat): string {
  if (definition.format === format) {
    return definition.text;
  }
  const root = readRoot(definition, 'The AsyncAPI definition');
  return format === 'json' ? `${JSON.stringify(root, null, 2)}\n` : render(root, 0);
}

/**
 * A .zip of an API project as `apictl import api --file` takes it: one folder `<name>-<version>/` holding the
 * project's files at their paths.
 */
export function exportApiProject(folder: string, files: readonly NewFile[]): Uint8Array {
  return zipSync(Object.fromEntries(files.map((file) => [`${folder}/${file.path}`, strToU8(file.text)])), {
    level: 6,
  });
}
