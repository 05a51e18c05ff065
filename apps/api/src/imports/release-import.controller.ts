import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser } from '@throughcare/auth';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Audited } from '@throughcare/audit';
import { IdempotentOperation } from '../common/idempotency/idempotency-key.decorator';
import type { Operation } from '../common/idempotency/idempotency.interceptor';
import { ImportPageDto, ListImportsQueryDto, ReleaseImportResponseDto } from './release-import.dto';
import { ReleaseImportService } from './release-import.service';
import { ImportBodyDto } from './release-import-body.dto';

@ApiTags('releases')
@ApiBearerAuth()
@Controller('v1/releases/imports')
export class ReleaseImportController {
  constructor(private readonly service: ReleaseImportService) {}

  /**
   * Sends a prison's list of releases at once: a CSV file (`text/csv`; a header row of the
   * registration's field names, the treatment's flattened as `treatment.substances` with `;`
   * between values, `treatment.onOst`, `treatment.consentToShare`) or a JSON array of
   * registrations, up to 5,000 rows. Each row is judged as `POST /v1/releases` judges a body;
   * the valid ones are registered in the background. Follow it at `location`.
   */
  @Post()
  @HttpCode(202)
  @Audited('release-import.create', 'release-import')
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({ description: 'A JSON array of registrations (as POST /v1/releases takes), or a CSV file', type: ImportBodyDto })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'The same list sent again with the same key returns the same import' })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: ImportBodyDto,
    @Res({ passthrough: true }) res: Response,
    @IdempotentOperation() operation?: Operation,
  ): Promise<ReleaseImportResponseDto> {
    const accepted = await this.service.create(user, body.rows, operation);
    res.setHeader('Location', accepted.location);
    return accepted;
  }

  /**
   * The prison's past imports, newest first: each one's state, its rows by result, who sent it
   * and when. A prison healthcare team sees its own prison's; an admin every prison's; anyone
   * else none.
   */
  @Get()
  @Audited('release-import.list', 'release-import-list')
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListImportsQueryDto): Promise<ImportPageDto> {
    return this.service.list(user, query);
  }

  /** How the import stands: processed / total, and each row's result. */
  @Get(':id')
  @Audited('release-import.read', 'release-import')
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<ReleaseImportResponseDto> {
    return this.service.get(user, id);
  }
}
