export * from './asyncapi';
export * from './design';
export * from './document';
export * from './problem';
export * from './text';
export * from './wso2';
