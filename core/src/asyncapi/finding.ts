import type { JsonPath, Locator, Target } from '../document/locator';
import type { Problem, Severity } from '../problem';

/** A rule's verdict on a document, located by path; turned into a Problem with the document's Locator. */
export interface Finding {
  readonly code: string;
  readonly message: string;
  readonly severity: Severity;
  readonly path: JsonPath;
  /** Whether the key or the value at `path` is what is wrong. */
  readonly target: Target;
  /** What a quick fix needs beyond the path (a parameter name, a suggestion). */
  readonly data?: FixData;
}

/** Facts a rule hands to its quick fix; sent with the diagnostic as LSP `data`. */
export type FixData = Readonly<Record<string, string>>;

/** What a rule says about one value, before it is located in a document (also checks input boxes). */
export type Verdict = Pick<Finding, 'code' | 'message' | 'severity' | 'data'>;

export function toProblems(findings: readonly Finding[], locator: Locator): Problem[] {
  return findings.map(({ code, message, severity, path, target, data }) => {
    const { start, end } = locator.locate(path, target);
    return { code, message, severity, start, end, ...(data !== undefined && { data }) };
  });
}
