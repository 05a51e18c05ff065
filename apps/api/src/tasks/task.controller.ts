import { Body, Controller, Get, HttpCode, Param, ParseEnumPipe, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@throughcare/auth';
import type { AuthenticatedUser } from '@throughcare/auth';
import { TASK_ACTIONS } from '@throughcare/domain';
import type { TaskAction } from '@throughcare/domain';
import { Audited } from '@throughcare/audit';
import { IdempotentOperation } from '../common/idempotency/idempotency-key.decorator';
import type { Operation } from '../common/idempotency/idempotency.interceptor';
import { ListTasksQueryDto, TaskActionDto, TaskPageDto, TaskResponseDto } from './task.dto';
import { TaskService } from './task.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('v1/tasks')
export class TaskController {
  constructor(private readonly service: TaskService) {}

  /** The caller's organisation's worklist. */
  @Get()
  @Audited('task.list', 'task-list')
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListTasksQueryDto): Promise<TaskPageDto> {
    return this.service.list(user, query);
  }

  @Get(':id')
  @Audited('task.read', 'task-param')
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<TaskResponseDto> {
    return this.service.get(user, id);
  }

  /** acknowledge, accept, decline ({reason}), complete (type-specific fields), or rearrange a booked first appointment ({appointmentAt, place}). */
  @Post(':id/:action')
  @Audited('task.:action', 'task-param')
  @HttpCode(200)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  act(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('action', new ParseEnumPipe(Object.fromEntries(TASK_ACTIONS.map((a) => [a, a])))) action: TaskAction,
    @Body() dto: TaskActionDto,
    @IdempotentOperation() operation?: Operation,
  ): Promise<TaskResponseDto> {
    return this.service.act(user, id, action, dto, operation?.id);
  }
}
