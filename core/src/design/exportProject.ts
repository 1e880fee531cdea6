import { strToU8, zipSync } from 'fflate';

import type { ExportFormat } from './commands';
import { renderYaml } from './documentEditor';
import { parseDocument } from '../document/parseDocument';
import { readApiProject } from '../wso2/apiProject';
import { DesignError, readDesignRoot, type NewFile, type ProjectTexts, type SourceText } from './project';

/** The AsyncAPI definition in a format: the text as it is when the format is its own, else converted. */
export function exportAsyncApi(definition: SourceText, format: ExportFormat): string {
  if (definition.format === format) {
    return definition.text;
  }
  const root = readDesignRoot(definition, 'The AsyncAPI definition');
  return format === 'json' ? `${JSON.stringify(root, null, 2)}\n` : renderYaml(root, 0);
}

/**
 * A .zip of an API project as `apictl import api --file` takes it: one folder `<name>-<version>/` holding the
 * project's files at their paths. A project with errors is refused, as apictl would refuse it.
 */
export function exportApiProject(texts: ProjectTexts, files: readonly NewFile[]): Uint8Array {
  const reading = readApiProject(
    parseDocument(texts.api.text, texts.api.format),
    parseDocument(texts.definition.text, texts.definition.format),
  );
  const error = reading.problems.find((problem) => problem.severity === 'error');
  if (reading.kind !== 'ws' || error !== undefined) {
    const reason =
      error?.message ?? `it is not a WebSocket API (type ${reading.kind === 'not-ws' ? reading.type : '?'}).`;
    throw new DesignError(`The project cannot be exported: ${reason} Fix it first.`, 'project');
  }
  const folder = `${reading.api.name}-${reading.api.version}`;
  return zipSync(Object.fromEntries(files.map((file) => [`${folder}/${file.path}`, strToU8(file.text)])), {
    level: 6,
  });
}
