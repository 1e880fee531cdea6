import { createScanner, ScanError, SyntaxKind, type Node as JsonNode, type NodeType } from 'jsonc-parser';

import type { Problem } from '../problem';
import { syntaxProblem } from './syntaxProblems';

/** jsonc-parser's tree node, while it is being built. */
interface Building {
  type: NodeType;
  value?: unknown;
  offset: number;
  length: number;
  colonOffset?: number;
  parent?: Building;
  children?: Building[];
  /** An object's keys so far, to find the repeated ones. */
  keys?: Set<string>;
}

type Expecting = 'value' | 'value-or-close' | 'key-or-close' | 'key' | 'colon' | 'comma-or-close' | 'end';

/** Tokens read between two looks at the clock. */
const TOKENS_PER_CHECK = 512;

/** What reading a strict JSON text in steps gives: jsonc-parser's tree, and the keys an object repeats. */
export interface JsonRead {
  readonly tree: JsonNode | undefined;
  readonly duplicateKeys: readonly Problem[];
}

/**
 * Reads a JSON text into the tree jsonc-parser's `parseTree` builds, in steps of about `budgetMs` each, so that a
 * large document's first read can be spread over turns of the event loop. It gives up at anything that is not
 * strict JSON (comments, trailing commas, any error): the text is then read whole by `parseTree`, which reports
 * the errors exactly.
 */
export class JsonSteps {
  private readonly scanner;
  private readonly root: Building = { type: 'array', offset: -1, length: -1, children: [] };
  private current: Building = this.root;
  private expecting: Expecting = 'value';
  private readonly duplicates: Problem[] = [];
  private outcome: JsonRead | 'failed' | undefined;

  constructor(readonly text: string) {
    this.scanner = createScanner(text, false);
  }

  /** Reads on for about `budgetMs`; the result once the whole text is read, 'failed' when it is not strict JSON. */
  step(budgetMs: number): JsonRead | 'failed' | undefined {
    const deadline = performance.now() + budgetMs;
    while (this.outcome === undefined) {
      for (let n = 0; n < TOKENS_PER_CHECK && this.outcome === undefined; n++) {
        this.outcome = this.next();
      }
      if (performance.now() >= deadline) {
        break;
      }
    }
    return this.outcome;
  }

  /** Takes one token; a result or 'failed' when the text ends or breaks. */
  private next(): JsonRead | 'failed' | undefined {
    const { scanner } = this;
    const kind = scanner.scan();
    if (scanner.getTokenError() !== ScanError.None) {
      return 'failed';
    }
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    switch (kind) {
      case SyntaxKind.Trivia:
      case SyntaxKind.LineBreakTrivia:
        return undefined;
      case SyntaxKind.EOF:
        return this.expecting === 'end' ? this.finish() : 'failed';
      case SyntaxKind.OpenBraceToken:
      case SyntaxKind.OpenBracketToken:
        if (this.expecting !== 'value' && this.expecting !== 'value-or-close') {
          return 'failed';
        }
        this.current = this.add({
          type: kind === SyntaxKind.OpenBraceToken ? 'object' : 'array',
          offset,
          length: -1,
          children: [],
          ...(kind === SyntaxKind.OpenBraceToken && { keys: new Set<string>() }),
        });
        this.expecting = kind === SyntaxKind.OpenBraceToken ? 'key-or-close' : 'value-or-close';
        return undefined;
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken: {
        const closes = kind === SyntaxKind.CloseBraceToken ? 'object' : 'array';
        const empty = closes === 'object' ? 'key-or-close' : 'value-or-close';
        if (
          this.current.type !== closes ||
          (this.expecting !== 'comma-or-close' && this.expecting !== empty)
        ) {
          return 'failed';
        }
        this.current.length = offset + length - this.current.offset;
        delete this.current.keys;
        this.current = this.current.parent ?? this.root;
        this.valueEnded(offset + length);
        return undefined;
      }
      case SyntaxKind.CommaToken:
        if (this.expecting !== 'comma-or-close') {
          return 'failed';
        }
        this.expecting = this.current.type === 'object' ? 'key' : 'value';
        return undefined;
      case SyntaxKind.ColonToken:
        if (this.expecting !== 'colon') {
          return 'failed';
        }
        this.current.colonOffset = offset;
        this.expecting = 'value';
        return undefined;
      case SyntaxKind.StringLiteral:
        if (this.expecting === 'key' || this.expecting === 'key-or-close') {
          return this.property(scanner.getTokenValue(), offset, length);
        }
        return this.literal(scanner.getTokenValue(), offset, length);
      case SyntaxKind.NumericLiteral: {
        const value = Number(scanner.getTokenValue());
        return Number.isNaN(value) ? 'failed' : this.literal(value, offset, length);
      }
      case SyntaxKind.TrueKeyword:
      case SyntaxKind.FalseKeyword:
        return this.literal(kind === SyntaxKind.TrueKeyword, offset, length);
      case SyntaxKind.NullKeyword:
        return this.literal(null, offset, length);
      default:
        return 'failed'; // comments and anything else strict JSON does not have
    }
  }

  private property(name: string, offset: number, length: number): undefined {
    const object = this.current;
    if (object.keys?.has(name) === true) {
      this.duplicates.push(duplicateKey(name, offset, length));
    }
    object.keys?.add(name);
    const property = this.add({ type: 'property', offset, length: -1, children: [] });
    property.children?.push({ type: 'string', value: name, offset, length, parent: property });
    this.current = property;
    this.expecting = 'colon';
    return undefined;
  }

  private literal(value: unknown, offset: number, length: number): 'failed' | undefined {
    if (this.expecting !== 'value' && this.expecting !== 'value-or-close') {
      return 'failed';
    }
    const type: NodeType =
      value === null
        ? 'null'
        : typeof value === 'boolean'
          ? 'boolean'
          : typeof value === 'number'
            ? 'number'
            : 'string';
    this.add({ type, value, offset, length });
    this.valueEnded(offset + length);
    return undefined;
  }

  private add(node: Building): Building {
    node.parent = this.current;
    this.current.children?.push(node);
    return node;
  }

  /** A value ended at `end`: its property (if any) ends there too; then a comma, a close or the end. */
  private valueEnded(end: number): void {
    if (this.current.type === 'property') {
      this.current.length = end - this.current.offset;
      this.current = this.current.parent ?? this.root;
    }
    this.expecting = this.current === this.root ? 'end' : 'comma-or-close';
  }

  private finish(): JsonRead {
    const tree = this.root.children?.[0];
    if (tree !== undefined) {
      delete tree.parent;
    }
    return { tree, duplicateKeys: this.duplicates };
  }
}

/** A key that an object already has: JSON parsers keep only the last value, so the others are lost. */
export function duplicateKey(name: string, offset: number, length: number): Problem {
  return syntaxProblem(
    'json-duplicate-key',
    `Duplicate key ${JSON.stringify(name)}: only its last value counts. Remove or rename one of them.`,
    offset,
    offset + length,
  );
}
