export * from './logger.module';
export * from './correlation';
