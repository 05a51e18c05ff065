export * from './appointment';
export * from './outcome';
export * from './lateness';
export * from './unplanned-release';
export * from './step-roles';
export * from './audiences';
export * from './timeliness';
export * from './appointment-place';
