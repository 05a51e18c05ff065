export * from './entities';
export * from './data-source.options';
export * from './seed/demo-organisations';
export * from './read-model/task-timeliness.sql';
export * from './webhook-secrets';
export * from './policy-version';
export * from './contact';
export * from './prepared-statement';
