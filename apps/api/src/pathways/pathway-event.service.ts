/**
 * Pathway events: release date changed, released, returned to custody, cancelled, transferred.
 * Each is checked here for who may send it, then sent to the workflow as an Update, which
 * decides whether it applies to the pathway as it stands.
 */
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { UpdateDefinition } from '@temporalio/common';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { OrganisationEntity } from '@throughcare/persistence';
import { DomainError } from '@throughcare/problem';
import {
  Actor,
  cancelUpdate,
  changeReleaseDateUpdate,
  PathwayView,
  recordReleaseUpdate,
  returnToCustodyUpdate,
  transferUpdate,
} from '@throughcare/workflows/pathway';
import { EVENT_SENDERS, requireSender, Sender } from '@throughcare/access';
import { CancelPathwayDto, ChangeReleaseDateDto, RecordReleaseDto, ReturnToCustodyDto, TransferDto } from './pathway-event.dto';
import { PathwayResponseDto } from './pathway.dto';
import { PathwayService } from './pathway.service';
import { PathwayWorkflowClient } from '@throughcare/registration';

@Injectable()
export class PathwayEventService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflows: PathwayWorkflowClient,
    private readonly pathways: PathwayService,
  ) {}

  changeReleaseDate(user: AuthenticatedUser, id: string, dto: ChangeReleaseDateDto, key?: string): Promise<PathwayResponseDto> {
    return this.send(user, id, EVENT_SENDERS['release-date'], changeReleaseDateUpdate, (actor) => ({ ...dto, actor }), key);
  }

  recordRelease(user: AuthenticatedUser, id: string, dto: RecordReleaseDto, key?: string): Promise<PathwayResponseDto> {
    return this.send(user, id, EVENT_SENDERS.released, recordReleaseUpdate, (actor) => ({ ...dto, actor }), key);
  }

  returnToCustody(user: AuthenticatedUser, id: string, dto: ReturnToCustodyDto, key?: string): Promise<PathwayResponseDto> {
    return this.send(user, id, EVENT_SENDERS['returned-to-custody'], returnToCustodyUpdate, (actor) => ({ ...dto, actor }), key);
  }

  cancel(user: AuthenticatedUser, id: string, dto: CancelPathwayDto, key?: string): Promise<PathwayResponseDto> {
    return this.send(user, id, EVENT_SENDERS.cancel, cancelUpdate, (actor) => ({ ...dto, actor }), key);
  }

  async transfer(user: AuthenticatedUser, id: string, dto: TransferDto, key?: string): Promise<PathwayResponseDto> {
    const prison = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ code: dto.prisonCode });
    if (prison?.type !== 'prison') {
      throw new DomainError('unknownOrganisation', `${dto.prisonCode} is not a known prison`);
    }
    return this.send(user, id, EVENT_SENDERS.transfer, transferUpdate, (actor) => ({ ...dto, actor }), key);
  }

  private async send<Arg extends object>(
    user: AuthenticatedUser,
    id: string,
    senders: readonly Sender[],
    update: UpdateDefinition<PathwayView, [Arg]>,
    arg: (actor: Actor) => Arg,
    operationId?: string,
  ): Promise<PathwayResponseDto> {
    const pathway = await this.pathways.findVisible(user, id);
    requireSender(user, pathway, senders, 'Your organisation cannot make this change to the pathway');
    await this.workflows.update(id, update, arg({ sub: user.sub, org: user.org }), operationId ?? randomUUID());
    return this.pathways.get(user, id);
  }
}
