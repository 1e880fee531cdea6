// TextMate tokenizing as VS Code 1.100.3 does it: its own YAML and JSON grammars (read from the code-server that
// the e2e layer runs, installed into its cache folder when missing), wsapi's grammars as package.json contributes
// them, and vscode-textmate and vscode-oniguruma at the versions that VS Code ships.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

import { ensureCodeServer, hostCacheDir } from '../e2e/codeServer';
import { REPO_ROOT } from './paths';

export interface GrammarFile {
  readonly scopeName: string;
  readonly path: string;
  readonly injectTo?: readonly string[];
}

interface Manifest {
  readonly contributes?: { readonly grammars?: readonly GrammarFile[] };
}

/** The grammar fixtures: each starts with `# SYNTAX TEST "<scope>" "<what>"` and holds its assertions. */
export const GRAMMAR_FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'syntaxes');

/** The fixture files' names. */
export function grammarFixtures(): string[] {
  return readdirSync(GRAMMAR_FIXTURES).filter((name) => /\.(?:ya?ml|json)$/.test(name));
}

/** The VS Code built-in extensions whose grammars wsapi's grammars build on. */
const BUILT_IN_EXTENSIONS = ['yaml', 'json'];

function contributedGrammars(extensionDir: string): GrammarFile[] {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8')) as Manifest;
  return (manifest.contributes?.grammars ?? []).map((grammar) => ({
    ...grammar,
    path: join(extensionDir, grammar.path),
  }));
}

/** wsapi's own grammars, as package.json contributes them. */
export function wsapiGrammars(): GrammarFile[] {
  return contributedGrammars(REPO_ROOT);
}

/** VS Code's YAML and JSON grammars, from the VS Code host (installed first when the cache has none). */
export async function vscodeGrammars(): Promise<GrammarFile[]> {
  const logDir = mkdtempSync(join(tmpdir(), 'wsapi-grammars-'));
  try {
    const install = await ensureCodeServer({
      cacheDir: hostCacheDir(),
      env: { ...process.env, CODE_SERVER_CONFIG: join(logDir, 'code-server.yaml') },
      log: (line) => console.log(line),
      logDir,
    });
    const extensions = join(install.dir, 'node_modules', 'code-server', 'lib', 'vscode', 'extensions');
    return BUILT_IN_EXTENSIONS.flatMap((name) => contributedGrammars(join(extensions, name)));
  } finally {
    rmSync(logDir, { recursive: true, force: true });
  }
}

let onigLib: Promise<textmate.IOnigLib> | undefined;

function loadOniguruma(): Promise<textmate.IOnigLib> {
  onigLib ??= (async () => {
    const wasm = join(dirname(require.resolve('vscode-oniguruma')), 'onig.wasm');
    const bytes = readFileSync(wasm);
    await oniguruma.loadWASM(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    return {
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    };
  })();
  return onigLib;
}

/** A registry as VS Code builds one: grammars by scope name, injections by the scope they are injected into. */
export function createRegistry(grammars: readonly GrammarFile[]): textmate.Registry {
  const byScope = new Map(grammars.map((grammar) => [grammar.scopeName, grammar]));
  const injections = new Map<string, string[]>();
  for (const grammar of grammars) {
    for (const target of grammar.injectTo ?? []) {
      injections.set(target, [...(injections.get(target) ?? []), grammar.scopeName]);
    }
  }
  return new textmate.Registry({
    onigLib: loadOniguruma(),
    loadGrammar: (scopeName) => {
      const grammar = byScope.get(scopeName);
      return Promise.resolve(
        grammar === undefined
          ? null
          : textmate.parseRawGrammar(readFileSync(grammar.path, 'utf8'), grammar.path),
      );
    },
    // As VS Code does: a grammar injected into source.json applies to source.json.comments too.
    getInjections: (scopeName) => {
      const parts = scopeName.split('.');
      return parts.flatMap((_, index) => injections.get(parts.slice(0, index + 1).join('.')) ?? []);
    },
  });
}

/** One token of a line: its text and its scopes, outermost first. */
export interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
}

/** Tokenizes a text line by line with a grammar of the registry, carrying the state across lines. */
export async function tokenize(
  registry: textmate.Registry,
  scopeName: string,
  text: string,
): Promise<Token[][]> {
  const grammar = await registry.loadGrammar(scopeName);
  if (grammar === null) {
    throw new Error(`no grammar for ${scopeName}`);
  }
  let state = textmate.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((token) => ({
      text: line.slice(token.startIndex, token.endIndex),
      scopes: token.scopes,
    }));
  });
}
