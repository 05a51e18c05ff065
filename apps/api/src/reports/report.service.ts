/** The reports in the format asked for: JSON by default, CSV for `Accept: text/csv`, SVG for the chart. */
import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
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

@Injectable()
export class ReportService {
  constructor(
    private readonly continuity: ContinuityOfCareReport,
    private readonly steps: HandoverStepsReportBuilder,
  ) {}

  async continuityOfCare(user: AuthenticatedUser, query: ContinuityQueryDto, accept: string | undefined, res: Response): Promise<ContinuityReport | string> {
    const report = await this.continuity.build(user, query);
    if (!wantsCsv(accept)) return report;
    res.type('text/csv');
    return continuityCsv(report);
  }

  async continuityChart(user: AuthenticatedUser, query: ContinuityChartQueryDto, res: Response): Promise<string> {
    const report = await this.continuity.build(user, { ...query, groupBy: ['month'] });
    res.type('image/svg+xml');
    return continuityChartSvg(report);
  }

  async handoverStepsChart(user: AuthenticatedUser, query: ContinuityChartQueryDto, res: Response): Promise<string> {
    const report = await this.steps.build(user, { ...query, groupBy: ['step'] });
    res.type('image/svg+xml');
    return handoverStepsChartSvg(report);
  }

  async handoverSteps(user: AuthenticatedUser, query: HandoverStepsQueryDto, accept: string | undefined, res: Response): Promise<HandoverStepsReport | string> {
    const report = await this.steps.build(user, query);
    if (!wantsCsv(accept)) return report;
    res.type('text/csv');
    return handoverStepsCsv(report);
  }
}
