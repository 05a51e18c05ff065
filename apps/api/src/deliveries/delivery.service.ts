/**
 * Delivery state for people: admins list failed deliveries and send one again (with the same
 * delivery id, so receivers de-duplicate); healthcare teams and admins see each message's
 * delivery per channel on a pathway.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Config } from '@throughcare/config';
import { PathwayEntity } from '@throughcare/persistence';
import { DomainError, notFound } from '@throughcare/problem';
import { TemporalClientService, TemporalUnavailableError } from '@throughcare/temporal';
import { deliveryRetryWorkflowId, type DeliveryWorkflowInput } from '@throughcare/workflows/notifications';
import { forbidden, isAdmin, recordViewFor, requireAdmin, whereVisibleTo } from '@throughcare/access';
import { decodeCursor, keysetPage } from '../common/cursor';
import { DELIVERIES_FROM, DELIVERY_COLUMNS, DeliveryPageDto, DeliveryResponseDto, DeliveryRow, ListDeliveriesQueryDto, mapDelivery } from './delivery.dto';

@Injectable()
export class DeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalClientService,
    @Inject(Config) private readonly config: Config,
  ) {}

  async list(user: AuthenticatedUser, query: ListDeliveriesQueryDto): Promise<DeliveryPageDto> {
    requireAdmin(user, 'Only an administrator can list deliveries');
    const after = query.cursor ? decodeCursor(query.cursor, ListDeliveriesQueryDto.cursorShape) : undefined;
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM ${DELIVERIES_FROM}
        WHERE ($1::text IS NULL OR d.state = $1)
          AND ($2::timestamptz IS NULL OR (d.created_at, d.id) < ($2::timestamptz, $3::uuid))
        ORDER BY d.created_at DESC, d.id DESC
        LIMIT $4`,
      [query.state ?? null, after?.at ?? null, after?.id ?? null, query.limit + 1],
    );
    return keysetPage(rows, query.limit, (d) => ({ at: d.created_at.toISOString(), id: d.id }), mapDelivery);
  }

  /** Each message's deliveries on a pathway: for its healthcare teams and admins. */
  async ofPathway(user: AuthenticatedUser, pathwayId: string): Promise<DeliveryResponseDto[]> {
    if (!isAdmin(user)) {
      const q = this.dataSource.getRepository(PathwayEntity).createQueryBuilder('p').where('p.id = :id', { id: pathwayId });
      const pathway = await whereVisibleTo(q, 'p', user).getOne();
      if (!pathway) throw notFound(`Pathway ${pathwayId}`);
      if (recordViewFor(user, pathway) !== 'healthcare') throw forbidden("Only the pathway's healthcare teams and administrators see its deliveries");
    } else {
      const [found] = await this.dataSource.query(`SELECT 1 FROM pathways WHERE id = $1`, [pathwayId]);
      if (!found) throw notFound(`Pathway ${pathwayId}`);
    }
    const rows: DeliveryRow[] = await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM ${DELIVERIES_FROM}
        WHERE n.pathway_id = $1 ORDER BY d.created_at, d.id`,
      [pathwayId],
    );
    return rows.map(mapDelivery);
  }

  /** Sends a failed delivery again, with its id: marked pending, and a delivery workflow started for it. */
  async retry(user: AuthenticatedUser, id: string): Promise<DeliveryResponseDto> {
    requireAdmin(user, 'Only an administrator can send a delivery again');
    // An UPDATE answers [rows, count] through TypeORM.
    const [[reopened]] = (await this.dataSource.query(
      `UPDATE deliveries SET state = 'pending', updated_at = now() WHERE id = $1 AND state = 'failed' RETURNING attempts`,
      [id],
    )) as [Array<{ attempts: number }>, number];
    if (!reopened) {
      const current = await this.find(id);
      throw new DomainError('deliveryNotFailed', `Delivery ${id} is ${current.state}`);
    }
    const input: DeliveryWorkflowInput = {
      deliveryIds: [id],
      retry: {
        initialSeconds: this.config.NOTIFICATION_RETRY_INITIAL_SECONDS,
        maximumIntervalSeconds: this.config.NOTIFICATION_RETRY_MAX_INTERVAL_SECONDS,
        limitSeconds: this.config.NOTIFICATION_RETRY_LIMIT_SECONDS,
        requestTimeoutSeconds: this.config.NOTIFICATION_REQUEST_TIMEOUT_SECONDS,
      },
    };
    try {
      const client = await this.temporal.client();
      await client.workflow.start('notificationDeliveryWorkflow', {
        workflowId: deliveryRetryWorkflowId(id, reopened.attempts),
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        args: [input],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
        // Not started: it stays failed, for the admin to try again.
        await this.dataSource.query(`UPDATE deliveries SET state = 'failed', updated_at = now() WHERE id = $1 AND state = 'pending'`, [id]);
        if (err instanceof TemporalUnavailableError || (err instanceof Error && err.name === 'ServiceError')) {
          throw new DomainError('workflowServiceUnavailable', 'The delivery was not sent again; retry the request.');
        }
        throw err;
      }
    }
    return this.find(id);
  }

  private async find(id: string): Promise<DeliveryResponseDto> {
    const [row]: DeliveryRow[] = await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM ${DELIVERIES_FROM} WHERE d.id = $1`,
      [id],
    );
    if (!row) throw notFound(`Delivery ${id}`);
    return mapDelivery(row);
  }
}
