/**
 * Where an organisation is told things beyond the inbox: its team and managers' mailboxes and
 * its webhook endpoints. Admins manage them; an organisation reads its own, without secrets.
 * A webhook's secret (Standard Webhooks' `whsec_` and base64) is shown once, when made or
 * rotated, and stored only sealed (libs/persistence, webhook-secrets); after a rotation the old
 * one signs too for WEBHOOK_SECRET_OVERLAP_HOURS.
 * A URL is stored in one spelling (normaliseWebhookUrl), so one receiver is listed once; outside
 * development it must be a public address, never one into the network (libs/net). A community
 * treatment service's BaRS endpoint is checked and stored the same way.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Config } from '@throughcare/config';
import { hasCredentials, normaliseWebhookUrl, refusedDestination } from '@throughcare/net';
import { webhookSecrets } from '@throughcare/persistence';
import { notFound, validationError } from '@throughcare/problem';
import { forbidden, isAdmin, requireAdmin } from '@throughcare/access';
import { ContactsResponseDto, PutContactsDto, RotatedSecretResponseDto } from './contacts.dto';

interface EndpointRow {
  id: string;
  url: string;
  events: string[];
  previous_secret_until: Date | null;
  paused_until?: Date | null;
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

@Injectable()
export class ContactsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Config) private readonly config: Config,
  ) {}

  async get(user: AuthenticatedUser, code: string): Promise<ContactsResponseDto> {
    if (!isAdmin(user) && user.org !== code) throw forbidden("Only an administrator or the organisation itself can read an organisation's contacts");
    return this.dataSource.transaction((tx) => this.read(tx, code));
  }

  /** Replaces the contacts; returns them, with the secret of each endpoint made by this request. */
  async put(user: AuthenticatedUser, code: string, dto: PutContactsDto): Promise<ContactsResponseDto> {
    requireAdmin(user, "Only an administrator can change an organisation's contacts");
    await this.checkUrls([...(dto.webhooks ?? []).map((w, i) => ({ field: `webhooks.${i}.url`, raw: w.url })), ...(dto.barsEndpoint ? [{ field: 'barsEndpoint', raw: dto.barsEndpoint }] : [])]);
    const barsEndpoint = dto.barsEndpoint ? normaliseWebhookUrl(dto.barsEndpoint) : null;
    const webhooks = (dto.webhooks ?? []).map((w) => ({ ...w, url: normaliseWebhookUrl(w.url) }));
    const urls = webhooks.map((w) => w.url);
    if (new Set(urls).size !== urls.length) throw validationError([{ field: 'webhooks', messages: ['each URL may be listed once'] }]);
    return this.dataSource.transaction(async (tx) => {
      const type = await this.requireOrganisation(tx, code);
      if (barsEndpoint && type !== 'community-treatment') {
        throw validationError([{ field: 'barsEndpoint', messages: ['only a community treatment service receives referrals by BaRS'] }]);
      }
      await tx.query(
        `INSERT INTO organisation_contacts (org_code, team_email, managers_email, bars_endpoint) VALUES ($1, $2, $3, $4)
         ON CONFLICT (org_code) DO UPDATE SET team_email = EXCLUDED.team_email, managers_email = EXCLUDED.managers_email,
                                              bars_endpoint = EXCLUDED.bars_endpoint, updated_at = now()`,
        [code, dto.teamEmail ?? null, dto.managersEmail ?? null, barsEndpoint],
      );
      await tx.query(`DELETE FROM webhook_endpoints WHERE org_code = $1 AND NOT (url = ANY ($2::text[]))`, [code, urls]);
      const secrets = new Map<string, string>();
      for (const w of webhooks) {
        // The id is chosen here: the sealed secret is bound to it. A URL already listed keeps its id and secret.
        const [id, secret] = [randomUUID(), newWebhookSecret()];
        const [row]: Array<{ id: string; created: boolean }> = await tx.query(
          `INSERT INTO webhook_endpoints (id, org_code, url, events, secret) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (org_code, url) DO UPDATE SET events = EXCLUDED.events, updated_at = now()
           RETURNING id, (xmax = 0) AS created`,
          [id, code, w.url, w.events, webhookSecrets(this.config).seal(id, secret)],
        );
        if (row.created) secrets.set(row.id, secret);
      }
      const contacts = await this.read(tx, code);
      return { ...contacts, webhooks: contacts.webhooks.map((w) => (secrets.has(w.id) ? { ...w, secret: secrets.get(w.id) } : w)) };
    });
  }

  async rotateSecret(user: AuthenticatedUser, code: string, id: string): Promise<RotatedSecretResponseDto> {
    requireAdmin(user, "Only an administrator can rotate a webhook's secret");
    const secret = newWebhookSecret();
    // An UPDATE answers [rows, count] through TypeORM.
    const [[row]] = (await this.dataSource.query(
      `UPDATE webhook_endpoints
          SET previous_secret = secret, secret = $3, updated_at = now(),
              previous_secret_until = CASE WHEN $4::int > 0 THEN now() + make_interval(hours => $4::int) END
        WHERE id = $1 AND org_code = $2
       RETURNING id, url, events, previous_secret_until`,
      // Sealed to the id as PostgreSQL spells it (lower case), which is what delivery opens it with.
      [id, code, webhookSecrets(this.config).seal(id.toLowerCase(), secret), this.config.WEBHOOK_SECRET_OVERLAP_HOURS],
    )) as [EndpointRow[], number];
    if (!row) throw notFound(`Webhook ${id} of ${code}`);
    return { id: row.id, url: row.url, secret, previousSecretValidUntil: row.previous_secret_until?.toISOString() ?? null };
  }

  private async read(tx: EntityManager, code: string): Promise<ContactsResponseDto> {
    await this.requireOrganisation(tx, code);
    const [contacts]: Array<{ team_email: string | null; managers_email: string | null; bars_endpoint: string | null }> = await tx.query(
      `SELECT team_email, managers_email, bars_endpoint FROM organisation_contacts WHERE org_code = $1`,
      [code],
    );
    const endpoints: EndpointRow[] = await tx.query(
      `SELECT id, url, events, CASE WHEN previous_secret_until > now() THEN previous_secret_until END AS previous_secret_until,
              CASE WHEN paused_until > now() THEN paused_until END AS paused_until
         FROM webhook_endpoints WHERE org_code = $1 ORDER BY created_at, id`,
      [code],
    );
    return {
      organisation: code,
      teamEmail: contacts?.team_email ?? null,
      managersEmail: contacts?.managers_email ?? null,
      barsEndpoint: contacts?.bars_endpoint ?? null,
      webhooks: endpoints.map((e) => ({ id: e.id, url: e.url, events: e.events, previousSecretValidUntil: e.previous_secret_until?.toISOString() ?? null, pausedUntil: e.paused_until?.toISOString() ?? null })),
    };
  }

  /** The organisation's type; 404 when there is none. */
  private async requireOrganisation(tx: EntityManager, code: string): Promise<string> {
    const [found]: Array<{ type: string }> = await tx.query(`SELECT type FROM organisations WHERE code = $1`, [code]);
    if (!found) throw notFound(`Organisation ${code}`);
    return found.type;
  }

  /**
   * No user name or password; https everywhere, plain http only to a loopback address and never
   * in production; and unless WEBHOOK_ALLOW_PRIVATE_DESTINATIONS, a host that is and resolves to
   * public addresses only (the worker checks again on every delivery).
   */
  private async checkUrls(urls: Array<{ field: string; raw: string }>): Promise<void> {
    const errors = await Promise.all(
      urls.map(async ({ field, raw }) => {
        // The DTO's check is validator.js's; storing and sending need the WHATWG parser's too.
        if (!URL.canParse(raw)) return [{ field, messages: ['url must be a URL address'] }];
        if (hasCredentials(raw)) return [{ field, messages: ['url must not contain a user name or password'] }];
        if (!this.config.WEBHOOK_ALLOW_PRIVATE_DESTINATIONS && (await refusedDestination(raw))) {
          return [{ field, messages: ['url must be a public address on the internet, not a private, local or cloud metadata one'] }];
        }
        const url = new URL(raw);
        if (url.protocol === 'https:') return [];
        const loopback = LOOPBACK_HOSTS.has(url.hostname) || (isIP(url.hostname) === 4 && url.hostname.startsWith('127.'));
        if (url.protocol === 'http:' && loopback && this.config.NODE_ENV !== 'production') return [];
        return [{ field, messages: ['url must be https'] }];
      }),
    );
    if (errors.flat().length > 0) throw validationError(errors.flat());
  }
}
