export * from './pathway-access';
export * from './permissions';
export * from './record-view';
