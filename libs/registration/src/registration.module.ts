import { Module } from '@nestjs/common';
import { PathwayWorkflowClient } from './pathway-workflow.client';
import { Registrar } from './registrar';

/**
 * Registration and the one door to pathway workflows, for the API and the worker alike. Needs
 * the app's TypeORM data source, Config and TemporalClientService (each app's global modules).
 */
@Module({ providers: [Registrar, PathwayWorkflowClient], exports: [Registrar, PathwayWorkflowClient] })
export class RegistrationModule {}
