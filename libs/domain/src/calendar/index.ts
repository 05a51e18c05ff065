export * from './local-date';
export * from './bank-holidays';
export * from './working-days';
export * from './gov-uk-feed';
