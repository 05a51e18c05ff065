export * from './release-date-check.types';
