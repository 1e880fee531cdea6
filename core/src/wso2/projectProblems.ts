import type { JsonPath, ParsedDocument } from '../document';
import type { Severity } from '../problem';
import type { ProjectFile, ProjectProblem } from './apiModel';

/** Collects problems of one file of an API project, located by a path into its value. */
export class ProblemSink {
  readonly problems: ProjectProblem[] = [];

  constructor(
    private readonly parsed: ParsedDocument,
    private readonly file: ProjectFile,
  ) {
    for (const problem of parsed.problems) {
      this.problems.push({ ...problem, file });
    }
  }

  error(path: JsonPath, code: string, message: string): void {
    this.add('error', path, code, message);
  }

  warning(path: JsonPath, code: string, message: string): void {
    this.add('warning', path, code, message);
  }

  private add(severity: Severity, path: JsonPath, code: string, message: string): void {
    const { start, end } = this.parsed.locator.locate(path, 'value');
    this.problems.push({ code, message, severity, start, end, file: this.file });
  }
}

export function stringAt(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
