/**
 * The reports in the format asked for: JSON by default, CSV for `Accept: text/csv`, SVG for the
 * charts. The service says which content type its answer is; the controller sets it on the
 * response, so nothing here touches HTTP objects.
 */
import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@throughcare/auth';
import { ContinuityOfCareReport, ContinuityReport } from './continuity-of-care';
import { continuityChartSvg, handoverStepsChartSvg } from './report-charts';
import { HandoverStepsReport, HandoverStepsReportBuilder } from './handover-steps';
import { continuityCsv, handoverStepsCsv } from './report-csv';
import { ContinuityChartQueryDto, ContinuityQueryDto, HandoverStepsQueryDto } from './report-query.dto';

/** CSV only when asked for ahead of JSON; a browser's `*\/*` gets JSON. */
function wantsCsv(accept: string | undefined): boolean {
  return /(^|,)\s*text\/csv\b/.test(accept ?? '') && !/(^|,)\s*application\/json\b/.test(accept ?? '');
}

/** A report's answer: a body, and its content type where it is not JSON. */
export interface ReportAnswer<T> {
  contentType?: 'text/csv' | 'image/svg+xml';
  body: T | string;
}

@Injectable()
export class ReportService {
  constructor(
    private readonly continuity: ContinuityOfCareReport,
    private readonly steps: HandoverStepsReportBuilder,
  ) {}

  async continuityOfCare(user: AuthenticatedUser, query: ContinuityQueryDto, accept: string | undefined): Promise<ReportAnswer<ContinuityReport>> {
    const report = await this.continuity.build(user, query);
    return wantsCsv(accept) ? { contentType: 'text/csv', body: continuityCsv(report) } : { body: report };
  }

  async continuityChart(user: AuthenticatedUser, query: ContinuityChartQueryDto): Promise<ReportAnswer<never>> {
    const report = await this.continuity.build(user, { ...query, groupBy: ['month'] });
    return { contentType: 'image/svg+xml', body: await continuityChartSvg(report) };
  }

  async handoverStepsChart(user: AuthenticatedUser, query: ContinuityChartQueryDto): Promise<ReportAnswer<never>> {
    const report = await this.steps.build(user, { ...query, groupBy: ['step'] });
    return { contentType: 'image/svg+xml', body: await handoverStepsChartSvg(report) };
  }

  async handoverSteps(user: AuthenticatedUser, query: HandoverStepsQueryDto, accept: string | undefined): Promise<ReportAnswer<HandoverStepsReport>> {
    const report = await this.steps.build(user, query);
    return wantsCsv(accept) ? { contentType: 'text/csv', body: handoverStepsCsv(report) } : { body: report };
  }
}
