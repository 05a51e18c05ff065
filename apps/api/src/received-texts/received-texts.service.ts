/**
 * A text the person sent back: an opt-out word (libs/domain isOptOutReply) withdraws their
 * consent on every pathway holding their number (withdrawByTextReply); anything else is left
 * for the person to say to their service, since nobody reads these. The number and the message
 * go nowhere else: not the logs, not the audit log (its lines name the pathways and a system
 * actor), not Temporal.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@throughcare/audit';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Config } from '@throughcare/config';
import { isOptOutReply } from '@throughcare/domain';
import { withdrawByTextReply } from '@throughcare/persistence';
import { normaliseUkMobile } from '../organisations/uk-phone';
import { ReceivedTextDto } from './received-text.dto';

/** The audit log's actor for a withdrawal the person made by text. */
export const TEXT_REPLY_ACTOR: AuthenticatedUser = { sub: 'system:notify-received-text', name: 'The person, by text reply', org: 'system', roles: [] };

@Injectable()
export class ReceivedTextsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Config) private readonly config: Config,
    private readonly audit: AuditService,
  ) {}

  /** Whatever matched, the caller learns nothing of it: whether a number is known is not told. */
  async receive(text: ReceivedTextDto, correlationId?: string): Promise<void> {
    if (!isOptOutReply(text.message)) return;
    const number = normaliseUkMobile(text.source_number);
    // Only UK mobiles are ever recorded: any other sender cannot match.
    if (!('e164' in number)) return;
    const withdrawn = await withdrawByTextReply(this.dataSource, this.config, number.e164);
    await this.audit.record(...withdrawn.map((pathwayId) => ({ user: TEXT_REPLY_ACTOR, action: 'pathway.contact-withdrawn-by-reply', pathwayId, target: 'pathway-contact', status: 204, correlationId })));
  }
}
