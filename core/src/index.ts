export * from './asyncapi';
export * from './document';
export * from './problem';
export * from './wso2';
