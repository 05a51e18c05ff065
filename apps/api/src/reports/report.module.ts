import { Module } from '@nestjs/common';
import { ContinuityOfCareReport } from './continuity-of-care';
import { HandoverStepsReportBuilder } from './handover-steps';
import { ReportController } from './report.controller';
import { ReportService } from './report.service';
import { WorkingDaysTable } from './working-days.table';

@Module({ controllers: [ReportController], providers: [ReportService, ContinuityOfCareReport, HandoverStepsReportBuilder, WorkingDaysTable] })
export class ReportModule {}
