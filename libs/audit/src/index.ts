export * from './audited.decorator';
export * from './audit.service';
export * from './audit.interceptor';
export * from './audit.module';
