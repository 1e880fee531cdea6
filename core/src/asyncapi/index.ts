export * from './finding';
export * from './topics';
export * from './verbs';
export * from './websocketRules';
export * from './schemaVocabulary';
