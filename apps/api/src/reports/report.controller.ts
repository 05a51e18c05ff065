import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser } from '@throughcare/auth';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Audited } from '@throughcare/audit';
import { ContinuityChartQueryDto, ContinuityQueryDto, HandoverStepsQueryDto } from './report-query.dto';
import { ReportAnswer, ReportService } from './report.service';
import { ContinuityReportDto, HandoverStepsReportDto } from './report.dto';

/** A report's 200: its JSON schema, or the same figures as CSV. */
const reportOk = (dto: new () => object) =>
  ApiOkResponse({ content: { 'application/json': { schema: { $ref: getSchemaPath(dto) } }, 'text/csv': { schema: { type: 'string' } } } });

/** Sends a report's body with its content type (JSON unless the service says otherwise). */
async function answer<T>(res: Response, pending: Promise<ReportAnswer<T>>): Promise<T | string> {
  const { contentType, body } = await pending;
  if (contentType) res.type(contentType);
  return body;
}

@ApiTags('reports')
@ApiBearerAuth()
@ApiExtraModels(ContinuityReportDto, HandoverStepsReportDto)
@Controller('v1/reports')
export class ReportController {
  constructor(private readonly reports: ReportService) {}

  /** The continuity-of-care rate (PHOF C20) by month, prison, area or community treatment service; JSON, or CSV with `Accept: text/csv`. */
  @Get('continuity-of-care')
  @reportOk(ContinuityReportDto)
  @Audited('report.continuity-of-care', 'report')
  continuityOfCare(@CurrentUser() user: AuthenticatedUser, @Query() query: ContinuityQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: Response) {
    return answer(res, this.reports.continuityOfCare(user, query, accept));
  }

  /** The monthly rate against the national ambition as an SVG line chart. */
  @Get('continuity-of-care.svg')
  @ApiProduces('image/svg+xml')
  @Audited('report.continuity-of-care-chart', 'report')
  continuityChart(@CurrentUser() user: AuthenticatedUser, @Query() query: ContinuityChartQueryDto, @Res({ passthrough: true }) res: Response) {
    return answer(res, this.reports.continuityChart(user, query));
  }

  /** The share of each handover step not done on time, as an SVG bar chart (worst first). */
  @Get('handover-steps.svg')
  @ApiProduces('image/svg+xml')
  @Audited('report.handover-steps-chart', 'report')
  handoverStepsChart(@CurrentUser() user: AuthenticatedUser, @Query() query: ContinuityChartQueryDto, @Res({ passthrough: true }) res: Response) {
    return answer(res, this.reports.handoverStepsChart(user, query));
  }

  /** For each handover step: done on time, lateness in working days, escalations by level, declines and missed appointments. */
  @Get('handover-steps')
  @reportOk(HandoverStepsReportDto)
  @Audited('report.handover-steps', 'report')
  handoverSteps(@CurrentUser() user: AuthenticatedUser, @Query() query: HandoverStepsQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: Response) {
    return answer(res, this.reports.handoverSteps(user, query, accept));
  }
}
