export * from './apiModel';
export * from './apiProject';
export * from './apiYaml';
export * from './asyncApiTopics';
export * from './topicTemplate';
export * from './gatewayUrls';
export * from './uriMapping';
export * from './projectProblems';
