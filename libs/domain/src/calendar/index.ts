export * from './local-date';
export * from './bank-holidays';
export * from './holiday-calendar';
export * from './working-days';
export * from './gov-uk-feed';
export * from './in-words';
