export * from './problem.exception';
export * from './problem-details.filter';
export * from './validation';
