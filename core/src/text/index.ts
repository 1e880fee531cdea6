export * from './didYouMean';
