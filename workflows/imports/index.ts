export * from './release-import.types';
