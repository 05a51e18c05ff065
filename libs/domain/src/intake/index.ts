export * from './movement';
export * from './release-dates';
