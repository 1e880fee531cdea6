export * from './documentFormat';
export * from './documentKind';
export * from './parseDocument';
export * from './parsedDocument';
export * from './readDocument';
export * from './jsonPointer';
export * from './locator';
export { ParseCache } from './yamlPieces';
