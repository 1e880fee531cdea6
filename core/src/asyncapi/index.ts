export * from './finding';
export * from './topics';
export * from './websocketRules';
export * from './schemaVocabulary';
