import type { DocumentFormat } from '../../document/documentFormat';
import type { Span } from '../../document/locator';
import { lineIndexAt } from '../cursor/lines';
import { memberSpan, nodesAt, walkTree, type TreeNode } from './tree';

/** A range of lines that can be folded (0-based, both included). */
export interface FoldingLines {
  readonly startLine: number;
  readonly endLine: number;
  readonly kind?: 'comment';
}

/**
 * Folding ranges from the structure: every mapping, sequence and multi-line string from its key's line to its
 * last line (JSON: to the line before its closing bracket), and runs of YAML comment lines.
 */
export function getFoldingRanges(
  text: string,
  format: DocumentFormat,
  tree: TreeNode | undefined,
): FoldingLines[] {
  const lines = lineStarts(text);
  const ranges: FoldingLines[] = [];
  walkTree(tree, (node) => {
    if ((node.type === 'scalar' && format === 'json') || (node.path.length === 0 && format === 'yaml')) {
      return;
    }
    const span = memberSpan(node);
    const startLine = lineIndexAt(lines, span.start);
    const last = lineIndexAt(lines, Math.max(span.start, span.end - 1));
    const endLine = format === 'json' && node.type !== 'scalar' ? last - 1 : last;
    if (endLine > startLine) {
      ranges.push({ startLine, endLine });
    }
  });
  if (format === 'yaml') {
    ranges.push(...commentRuns(text));
  }
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

function commentRuns(text: string): FoldingLines[] {
  const runs: FoldingLines[] = [];
  let start = -1;
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const isComment = /^\s*#/.test(line);
    if (isComment && start === -1) {
      start = index;
    }
    if (!isComment || index === lines.length - 1) {
      const end = isComment ? index : index - 1;
      if (start !== -1 && end > start) {
        runs.push({ startLine: start, endLine: end, kind: 'comment' });
      }
      start = isComment ? start : -1;
    }
  });
  return runs;
}

/**
 * Selection ranges at an offset, innermost first: the key or scalar under the cursor, its whole member, then
 * each enclosing value and member up to the whole document.
 */
export function getSelectionRanges(tree: TreeNode | undefined, offset: number): Span[] {
  const chain = nodesAt(tree, offset).reverse();
  const spans: Span[] = [];
  const add = (span: Span | undefined): void => {
    const previous = spans[spans.length - 1];
    if (
      span !== undefined &&
      (previous === undefined || span.start !== previous.start || span.end !== previous.end)
    ) {
      spans.push(span);
    }
  };
  chain.forEach((node, index) => {
    const key = node.keySpan;
    const onKey = index === 0 && key !== undefined && key.start <= offset && offset <= key.end;
    add(onKey ? key : node.span);
    add(memberSpan(node));
  });
  return spans;
}

/** Offsets where each line starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    starts.push(index + 1);
  }
  return starts;
}
