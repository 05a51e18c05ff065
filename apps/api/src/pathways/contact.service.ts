/**
 * The person's mobile number and consent to text reminders (issue 26): recorded and withdrawn
 * by the pathway's healthcare teams (access/permissions.ts, SENDERS.recordContact), read only in
 * the healthcare view (seesContact). The number is sealed before it reaches the database
 * (@throughcare/persistence contact-box) and never passes through the pathway's workflow, so it
 * is in no Temporal history; every call is audited by its route.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Config } from '@throughcare/config';
import { contactBox, PathwayEntity, withdrawnByTextReply } from '@throughcare/persistence';
import { DomainError, notFound } from '@throughcare/problem';
import { isSender, recordViewFor, requireSender, seesContact, SENDERS } from '@throughcare/access';
import { phoneInWords } from '../organisations/profiles';
import { normaliseUkMobile } from '../organisations/uk-phone';
import { PathwayContactDto, PutContactDto } from './contact.dto';
import { findVisiblePathway } from './visible-pathway';

const KEEPERS_ONLY = "Only the healthcare team of the prison holding the person, or their community treatment service, can record or withdraw the person's mobile number";

interface ContactRow {
  key_id: string | null;
  mobile_ciphertext: Buffer | null;
  consent_to_text: boolean;
  recorded_by_name: string;
  recorded_by_org: string;
  recorded_by_org_name: string | null;
  recorded_at: Date;
  withdrawn_by: string | null;
  withdrawn_by_name: string | null;
  withdrawn_by_org: string | null;
  withdrawn_by_org_name: string | null;
  withdrawn_at: Date | null;
}

@Injectable()
export class ContactService {
  private readonly logger = new Logger(ContactService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Config) private readonly config: Config,
  ) {}

  /**
   * The pathway's contact for this caller: null when none is recorded, or when the caller is not
   * one of the teams that keep it now (the prison holding the person, the treatment service). A
   * prison the person was transferred from keeps the healthcare view of the pathway but no longer
   * the number: it can neither change nor withdraw it.
   */
  async contactFor(db: EntityManager, user: AuthenticatedUser, pathway: PathwayEntity): Promise<PathwayContactDto | null> {
    if (!seesContact(recordViewFor(user, pathway)) || !isSender(user, pathway, SENDERS.recordContact)) return null;
    const [row] = (await db.query(
      `SELECT c.*, r.name AS recorded_by_org_name, w.name AS withdrawn_by_org_name
         FROM pathway_contacts c
         LEFT JOIN organisations r ON r.code = c.recorded_by_org
         LEFT JOIN organisations w ON w.code = c.withdrawn_by_org
        WHERE c.pathway_id = $1`,
      [pathway.id],
    )) as ContactRow[];
    return row ? this.map(pathway.id, row) : null;
  }

  /** Records the number and consent, replacing any before (a withdrawal included: consent given again starts afresh). */
  async record(user: AuthenticatedUser, id: string, dto: PutContactDto): Promise<PathwayContactDto> {
    const pathway = await findVisiblePathway(this.dataSource, user, id);
    requireSender(user, pathway, SENDERS.recordContact, KEEPERS_ONLY);
    if (pathway.status === 'closed') throw new DomainError('pathwayClosed', 'This pathway is closed: a mobile number can no longer be recorded on it');
    const number = normaliseUkMobile(dto.mobileNumber);
    // The DTO's validator has refused anything else; this keeps the type honest.
    if (!('e164' in number)) throw new DomainError('validation', 'mobileNumber must be a UK mobile number');
    const sealed = contactBox(this.config).seal(id, number.e164);
    return this.dataSource.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO pathway_contacts (pathway_id, key_id, mobile_ciphertext, consent_to_text, recorded_by, recorded_by_name, recorded_by_org, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now())
         ON CONFLICT (pathway_id) DO UPDATE SET key_id = EXCLUDED.key_id, mobile_ciphertext = EXCLUDED.mobile_ciphertext,
           consent_to_text = EXCLUDED.consent_to_text, recorded_by = EXCLUDED.recorded_by, recorded_by_name = EXCLUDED.recorded_by_name,
           recorded_by_org = EXCLUDED.recorded_by_org, recorded_at = EXCLUDED.recorded_at,
           withdrawn_by = NULL, withdrawn_by_name = NULL, withdrawn_by_org = NULL, withdrawn_at = NULL`,
        [id, sealed.keyId, sealed.ciphertext, dto.consentToText, user.sub, user.name, user.org],
      );
      return (await this.contactFor(tx, user, pathway))!;
    });
  }

  /**
   * The person withdrew their consent: the number is erased, who withdrew it and when are kept.
   * Open to the same teams whatever the pathway's state, since a withdrawal must always be
   * possible; withdrawing again changes nothing.
   */
  async withdraw(user: AuthenticatedUser, id: string): Promise<PathwayContactDto> {
    const pathway = await findVisiblePathway(this.dataSource, user, id);
    requireSender(user, pathway, SENDERS.recordContact, KEEPERS_ONLY);
    return this.dataSource.transaction(async (tx) => {
      await tx.query(
        `UPDATE pathway_contacts SET key_id = NULL, mobile_ciphertext = NULL, withdrawn_by = $2, withdrawn_by_name = $3, withdrawn_by_org = $4, withdrawn_at = now()
          WHERE pathway_id = $1 AND withdrawn_at IS NULL`,
        [id, user.sub, user.name, user.org],
      );
      const contact = await this.contactFor(tx, user, pathway);
      if (!contact) throw notFound(`A mobile number on pathway ${id}`);
      return contact;
    });
  }

  /**
   * The number, null when there is none (withdrawn), or undefined when it cannot be opened: sealed
   * under a key dropped from CONTACT_KEYS before `contact-keys:reseal` ran. The pathway stays
   * readable and the number can be withdrawn or recorded again; the key's id, never the number,
   * is logged for the service team.
   */
  private openNumber(pathwayId: string, row: ContactRow): string | null | undefined {
    if (!row.key_id || !row.mobile_ciphertext) return null;
    try {
      return contactBox(this.config).open(pathwayId, { keyId: row.key_id, ciphertext: row.mobile_ciphertext });
    } catch (err) {
      this.logger.error({ pathwayId, keyId: row.key_id, reason: err instanceof Error ? err.name : 'unknown' }, 'a mobile number cannot be opened with the contact keys held');
      return undefined;
    }
  }

  private map(pathwayId: string, row: ContactRow): PathwayContactDto {
    const byReply = row.withdrawn_at !== null && withdrawnByTextReply(row.withdrawn_by);
    const number = this.openNumber(pathwayId, row);
    return {
      mobileNumber: number ?? null,
      mobileNumberInWords: number ? phoneInWords(number) : null,
      ...(number === undefined ? { mobileNumberUnreadable: true } : {}),
      consentToText: row.withdrawn_at ? 'withdrawn' : row.consent_to_text ? 'yes' : 'no',
      recordedBy: { name: row.recorded_by_name, organisation: row.recorded_by_org_name ?? row.recorded_by_org },
      recordedAt: row.recorded_at.toISOString(),
      withdrawnBy: row.withdrawn_at && !byReply ? { name: row.withdrawn_by_name!, organisation: row.withdrawn_by_org_name ?? row.withdrawn_by_org! } : null,
      withdrawnByTextReply: byReply,
      withdrawnAt: row.withdrawn_at?.toISOString() ?? null,
    };
  }
}
