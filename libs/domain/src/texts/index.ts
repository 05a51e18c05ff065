export * from './text-policy';
export * from './text-schedule';
export * from './text-messages';
export * from './opt-out-reply';
