export * from './temporal-client.provider';

export * from './temporal.module';
export * from './payload-encryption.codec';
export * from './data-converter';
