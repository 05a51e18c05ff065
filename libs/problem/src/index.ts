export * from './problem.exception';
export * from './problem-details.filter';
export * from './raw-problem';
export * from './validation';
