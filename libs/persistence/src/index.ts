export * from './entities';
export * from './data-source.options';
export * from './seed/demo-organisations';
export * from './policy-version';
