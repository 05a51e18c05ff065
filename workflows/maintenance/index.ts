export * from './maintenance.types';
