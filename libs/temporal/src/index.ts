export * from './temporal-client.provider';

export * from './temporal.module';
