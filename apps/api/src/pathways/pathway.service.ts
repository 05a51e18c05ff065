/**
 * Registration (written and started by @throughcare/registration's Registrar) and reading of
 * pathways, as each caller may see them.
 */
import { Injectable } from '@nestjs/common';
import { Registrar } from '@throughcare/registration';
import { AuditService } from '@throughcare/audit';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { AuthenticatedUser } from '@throughcare/auth';
import { EscalationEntity, PathwayEntity, PathwayEventEntity, PathwayPersonEntity, TaskEntity } from '@throughcare/persistence';
import { notFound } from '@throughcare/problem';
import { forbidden, isAdmin, organisationTypesOf, recordViewFor, requireSender, SENDERS, visibleBranchesSql, visibleSql } from '@throughcare/access';
import { AuditEntryResponseDto, mapAuditEntry } from './audit-trail.dto';
import { decodeCursor, keysetPage } from '../common/cursor';
import { ListPathwaysQueryDto } from './list-pathways.dto';
import { mapPathway, mapPathwaySummary, mapTexts, PathwayPageDto, PathwayResponseDto, type PathwayTextRow } from './pathway.dto';
import { CorrectPersonDto } from './correct-person.dto';
import type { Operation } from '../common/idempotency/idempotency.interceptor';
import { RegisterReleaseDto } from './register-release.dto';
import { hmppsFacts, withHmppsFacts } from '../intake/hmpps-timeline';
import { likeLiteral, personSearchOf } from './person-search';
import { releasePlan } from './release-plan';
import { taskStarts } from '../tasks/task-starts';
import type { ReleasePlanDto } from './release-plan.dto';
import { ContactService } from './contact.service';
import { findVisiblePathway } from './visible-pathway';
import { listedPathways, type ListedPathway } from './pathway-list-rows';

/** Task `t` is open and the caller's organisation's (`:dueOrg`, `:dueTypes`). */
const OPEN_TO_CALLER = `t.state = 'open' AND t.owner_code = :dueOrg AND t.owner_type IN (:...dueTypes)`;
/** The caller's organisation's soonest open task on the pathway: each item's `nextDueAt`, and the `due` sort's key. */
const NEXT_DUE_SQL = `(SELECT min(t.due_at) FROM tasks t WHERE t.pathway_id = p.id AND ${OPEN_TO_CALLER})`;
/** Each pathway the caller's organisation has an open task on, with the soonest one's due time, `k`: from the organisation's tasks, not a probe per pathway. */
const NEXT_DUE_BY_PATHWAY = `(SELECT t.pathway_id, min(t.due_at) AS k FROM tasks t WHERE ${OPEN_TO_CALLER} GROUP BY t.pathway_id)`;
/** The `due` sort's key for a pathway with nothing due to the caller: after every real one, and a date a cursor may hold. */
const NONE_DUE = '2199-12-31T00:00:00.000Z';

@Injectable()
export class PathwayService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registrar: Registrar,
    private readonly audit: AuditService,
    private readonly contacts: ContactService,
  ) {}

  /** Registers the release (@throughcare/registration, as the import activities do) and answers with its pathway. */
  async register(user: AuthenticatedUser, dto: RegisterReleaseDto, operation?: Operation): Promise<PathwayResponseDto> {
    const pathway = await this.registrar.register(user, dto, operation);
    return this.get(user, pathway.id);
  }

  /**
   * The caller's pathways, minimised per pathway to the caller's need: soonest release first
   * (`release`), latest first (`-release`), or by when the caller's own next task on each is due
   * (`due`: those with none last, in order of id).
   */
  async list(user: AuthenticatedUser, query: ListPathwaysQueryDto): Promise<PathwayPageDto> {
    const releaseDay = 'p.release_day';
    const latestFirst = query.sort === '-release';
    const byDue = query.sort === 'due';
    const nextDue = `COALESCE(${NEXT_DUE_SQL}, '${NONE_DUE}'::timestamptz)`;
    const after = query.cursor ? decodeCursor(query.cursor, byDue ? { at: 'instant', id: 'uuid' } : { at: 'date', id: 'uuid' }) : undefined;
    /**
     * The page's pathways among those `visible` admits: filtered, after the cursor, in the
     * list's order, one more than the page. By due time, optionally only those with something
     * due to the caller (`some`, the key read from NEXT_DUE_BY_PATHWAY) or with nothing (`none`,
     * the key NONE_DUE, so in order of id): the two parts of the due sort, each read without
     * evaluating the key per pathway.
     */
    const page = (visible: string, withPerson: boolean, due?: 'some' | 'none') => {
      const q = this.dataSource
        .getRepository(PathwayEntity)
        .createQueryBuilder('p')
        .setParameters({ dueOrg: user.org, dueTypes: organisationTypesOf(user).length ? organisationTypesOf(user) : ['none'] })
        // limit, not take: the person join is many-to-one, so rows are not multiplied.
        .limit(query.limit + 1);
      if (withPerson) q.innerJoin('p.person', 'person');
      if (due === 'some') q.innerJoin(NEXT_DUE_BY_PATHWAY, 'd', 'd.pathway_id = p.id');
      if (due === 'none') q.andWhere(`NOT EXISTS (SELECT 1 FROM tasks t WHERE t.pathway_id = p.id AND ${OPEN_TO_CALLER})`);
      const dueKey = due === 'some' ? 'd.k' : due === 'none' ? `'${NONE_DUE}'::timestamptz` : nextDue;
      // Those with nothing due by id, but as text in byte order (the same order), which no index
      // gives: walking the primary key for them read the whole table when few were left.
      if (due === 'none') q.orderBy(`p.id::text COLLATE "C"`, 'ASC');
      else if (byDue) q.orderBy(dueKey, 'ASC').addOrderBy('p.id', 'ASC');
      else q.orderBy(releaseDay, latestFirst ? 'DESC' : 'ASC').addOrderBy('p.id', latestFirst ? 'DESC' : 'ASC');
      q.andWhere(visible, { org: user.org });
      if (query.status) q.andWhere('p.status = :status', { status: query.status });
      if (query.outcome) q.andWhere('p.outcome = :outcome', { outcome: query.outcome });
      if (query.prison) q.andWhere('p.prison_code = :prison', { prison: query.prison });
      if (query.area) q.andWhere('p.destination_area = :area', { area: query.area });
      if (query.releaseFrom) q.andWhere(`${releaseDay} >= :from`, { from: query.releaseFrom });
      if (query.releaseTo) q.andWhere(`${releaseDay} <= :to`, { to: query.releaseTo });
      if (query.q) whereFound(q, query.q);
      if (after && byDue) q.andWhere(`(${dueKey}, p.id) > (:at::timestamptz, :id)`, { at: after.at, id: after.id });
      else if (after) q.andWhere(`(${releaseDay}, p.id) ${latestFirst ? '<' : '>'} (:at::date, :id)`, { at: after.at, id: after.id });
      return q;
    };
    // The whole rule, filters and order on the page itself, as the authority on what is shown.
    const q = page(visibleSql('p', user), true);
    const branches = visibleBranchesSql('p', user);
    // By due time, in two parts; but a search (`q`) finds few people, read from the person's
    // indexes, and is then cheapest without them (a prison number: 0.4 ms, against 4.3 ms).
    const parts = byDue && !query.q ? (['some', 'none'] as const) : [undefined];
    if (branches.length > 1 || parts.length > 1) {
      // Its candidates: each branch's own first page (of each part), read in order from its
      // column's index (docs/design.md §5, "Reading a list"); the page is the first of their
      // union. Branches use the page's parameters, same names and values.
      const candidates = branches.flatMap((branch) => parts.map((part) => `(${page(branch, Boolean(query.q), part).select('p.id').getQuery()})`));
      q.andWhere(`p.id IN (${candidates.join(' UNION ALL ')})`);
    }
    const rows = await listedPathways(q, NEXT_DUE_SQL);
    const cursorOf = (p: ListedPathway) => (byDue ? { at: p.nextDueAt?.toISOString() ?? NONE_DUE, id: p.id } : { at: p.releaseDay, id: p.id });
    return keysetPage(rows, query.limit, cursorOf, (p) => ({ ...mapPathwaySummary(p, recordViewFor(user, p), user), nextDueAt: p.nextDueAt?.toISOString() ?? null }));
  }

  async get(user: AuthenticatedUser, id: string): Promise<PathwayResponseDto> {
    const pathway = await this.findVisible(user, id);
    const [tasks, escalations, events, texts] = await Promise.all([
      this.dataSource.getRepository(TaskEntity).find({ where: { pathwayId: id }, order: { dueAt: 'ASC', id: 'ASC' } }),
      this.dataSource.getRepository(EscalationEntity).find({ where: { pathwayId: id }, order: { raisedAt: 'ASC', key: 'ASC' } }),
      this.dataSource.getRepository(PathwayEventEntity).find({ where: { pathwayId: id }, order: { seq: 'ASC' } }),
      this.dataSource.query(TEXTS_OF_PATHWAY, [id]) as Promise<PathwayTextRow[]>,
    ]);
    const [facts, contact, starts] = await Promise.all([
      hmppsFacts(this.dataSource, id, pathway.releasedOn),
      this.contacts.contactFor(this.dataSource.manager, user, pathway),
      taskStarts(this.dataSource, tasks.map((task) => ({ task, pathway })), new Date()),
    ]);
    const view = recordViewFor(user, pathway);
    return { ...withHmppsFacts(mapPathway({ pathway, tasks, escalations, events, contact, starts }, view, user), facts), texts: mapTexts(texts, view) };
  }

  /** The plan the person takes with them on release day: its healthcare teams only. */
  async plan(user: AuthenticatedUser, id: string): Promise<ReleasePlanDto> {
    return releasePlan(this.dataSource.manager, user, await this.findVisible(user, id));
  }

  /** The pathway with its person, if the caller may see it; else 404. */
  findVisible(user: AuthenticatedUser, id: string): Promise<PathwayEntity> {
    return findVisiblePathway(this.dataSource, user, id);
  }

  /**
   * Corrects the person as registered on this pathway, and only here: an explicit change by
   * the healthcare team of the prison holding them, audited like every other change.
   */
  async correctPerson(user: AuthenticatedUser, id: string, dto: CorrectPersonDto): Promise<PathwayResponseDto> {
    const pathway = await this.findVisible(user, id);
    requireSender(user, pathway, SENDERS.correctPerson, 'Only the healthcare team of the prison holding the person can correct their details');
    await this.dataSource.getRepository(PathwayPersonEntity).update(
      { pathwayId: id },
      { givenName: dto.givenName, familyName: dto.familyName, dateOfBirth: dto.dateOfBirth, nhsNumber: dto.nhsNumber ?? null, correctedAt: new Date(), correctedBy: user.sub },
    );
    return this.get(user, id);
  }

  /** Who did and saw what on this pathway: for an admin, or the commissioner of its area. */
  async auditTrail(user: AuthenticatedUser, id: string): Promise<AuditEntryResponseDto[]> {
    if (!isAdmin(user)) {
      const pathway = await this.findVisible(user, id);
      if (recordViewFor(user, pathway) !== 'commissioner') throw forbidden('Only an administrator or the commissioner can read the audit trail');
    } else if (!(await this.dataSource.getRepository(PathwayEntity).existsBy({ id }))) {
      throw notFound(`Pathway ${id}`);
    }
    return (await this.audit.trailOf(id)).map(mapAuditEntry);
  }
}

/**
 * The person search (person-search.ts), as bound parameters: exact on prison number, NHS
 * number and date of birth; for a name, every word within the folded (unaccented, lower-case)
 * name, which the trigram index on `throughcare_folded(given_name || ' ' || family_name)` serves.
 */
function whereFound(q: SelectQueryBuilder<PathwayEntity>, text: string): void {
  const search = personSearchOf(text);
  switch (search?.kind) {
    case 'prison-number':
      q.andWhere('person.prison_number = :prisonNumber', { prisonNumber: search.prisonNumber });
      break;
    case 'nhs-number':
      q.andWhere('person.nhs_number = :nhsNumber', { nhsNumber: search.nhsNumber });
      break;
    case 'date-of-birth':
      q.andWhere('person.date_of_birth = :dateOfBirth', { dateOfBirth: search.dateOfBirth });
      break;
    case 'name':
      search.words.forEach((word, i) =>
        q.andWhere(`throughcare_folded(person.given_name || ' ' || person.family_name) LIKE '%' || throughcare_folded(:word${i}) || '%'`, { [`word${i}`]: likeLiteral(word) }),
      );
      break;
    default:
      q.andWhere('false');
  }
}

/** The pathway's texts in the order they go; the view decides who sees them (mapTexts). */
const TEXTS_OF_PATHWAY = `SELECT kind, due_at, state, reason, sent_at, settled_at FROM pathway_texts WHERE pathway_id = $1 ORDER BY due_at, created_at`;
