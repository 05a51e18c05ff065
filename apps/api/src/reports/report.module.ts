import { Module } from '@nestjs/common';
import { ContinuityOfCareReport } from './continuity-of-care';
import { HandoverStepSummary } from './handover-step-summary';
import { HandoverStepsReportBuilder } from './handover-steps';
import { ReportController } from './report.controller';
import { ReportService } from './report.service';
import { WorkingDaysTable } from './working-days.table';

@Module({ controllers: [ReportController], providers: [ReportService, ContinuityOfCareReport, HandoverStepsReportBuilder, HandoverStepSummary, WorkingDaysTable] })
export class ReportModule {}
