export * from './documentFormat';
export * from './documentKind';
export * from './parseDocument';
export * from './readDocument';
export * from './locator';
export { YamlParseCache } from './yamlPieces';
