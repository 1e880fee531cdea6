export * from './document';
export * from './problem';
