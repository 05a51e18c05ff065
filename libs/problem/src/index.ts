export * from './domain-error';
export * from './problem.exception';
export * from './problems';
export * from './problem-details.filter';
export * from './raw-problem';
export * from './validation';
