export * from './derived-id';
export * from './pathway-workflow.client';
export * from './registrar';
export * from './registration.module';
export * from './routing';
