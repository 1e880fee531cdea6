export * from './commands';
export * from './fields';
