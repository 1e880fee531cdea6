export * from './finding';
export * from './topics';
export * from './websocketRules';
