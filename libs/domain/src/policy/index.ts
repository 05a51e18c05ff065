export * from './policy';
export * from './england-default';
export * from './deadline';
export * from './task-actions';
export * from './appointment-rule';
export * from './offset';
export * from './ladder';
