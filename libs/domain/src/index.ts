export * from './calendar';
export * from './release/release-day';
export * from './policy';
export * from './identity/nhs-number';
