import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/**
 * The audit service. The app registers AuditInterceptor itself, first among its interceptors,
 * so that every call is recorded, even one another interceptor answers on its own.
 */
@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
