export * from './calendar';
export * from './release/release-day';
export * from './policy';
export * from './identity/nhs-number';
export * from './release/supported-dates';
export * from './text/safe-text';
export * from './measure/wilson-interval';
export * from './pathway';
