export * from './text-policy';
export * from './text-schedule';
export * from './text-messages';
