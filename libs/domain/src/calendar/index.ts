export * from './local-date';
export * from './bank-holidays';
export * from './working-days';
