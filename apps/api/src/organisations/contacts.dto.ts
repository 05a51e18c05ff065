import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsEmail, IsIn, IsOptional, IsUrl, MaxLength, ValidateNested } from 'class-validator';
import { NOTIFICATION_EVENTS } from '@throughcare/persistence';

export class WebhookEndpointDto {
  /**
   * Where signed messages are POSTed: https (http only to a loopback address outside production),
   * without a user name or password, and outside development a public address (not loopback,
   * private, link-local, unique-local or a cloud metadata service, by address or by what its name
   * resolves to). Stored in one spelling (scheme and host in lower case, no default port, no
   * trailing slash), so each receiver is listed once. @example https://cts.example.org/throughcare/webhooks
   */
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['https', 'http'] })
  @MaxLength(2000)
  url: string;

  /** The events this endpoint takes. @example ["task.created", "task.escalated"] */
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(NOTIFICATION_EVENTS, { each: true })
  events: string[];
}

export class PutContactsDto {
  /** The team's mailbox: tasks, reminders and notices. @example substance-misuse-team@cts.example.nhs.uk */
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  teamEmail?: string;

  /** The managers' mailbox, for escalations to managers (the team's when none). @example sm-managers@cts.example.nhs.uk */
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  managersEmail?: string;

  /**
   * A community treatment service's BaRS endpoint (NHS England's Booking and Referral Standard):
   * each referral to the service is sent there as a FHIR message, to `<barsEndpoint>/$process-message`.
   * The same rules as a webhook's URL. Only for community treatment services. @example https://bars.cts.example.nhs.uk/FHIR/R4
   */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['https', 'http'] })
  @MaxLength(2000)
  barsEndpoint?: string;

  /** The whole list: endpoints left out are removed; a URL already listed keeps its secret. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => WebhookEndpointDto)
  webhooks?: WebhookEndpointDto[];
}

export class WebhookEndpointResponseDto {
  /** @example 0f8fad5b-d9cb-469f-a165-70867728950e */
  id: string;
  url: string;
  events: string[];
  /** Only in the answer that made the endpoint: its Standard Webhooks secret, shown this once. @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw */
  secret?: string;
  /** Only in a replay (the same request with the same Idempotency-Key) of the answer that made the endpoint: its secret was shown in the first answer and is kept nowhere to be shown again; rotate it for a new one. */
  secretShownOnce?: boolean;
  /** While a rotated-out secret still signs messages too. */
  previousSecretValidUntil: string | null;
  /** While the endpoint is paused after repeated timeouts or network errors: no message is sent to it before then. */
  pausedUntil: string | null;
}

export class ContactsResponseDto {
  organisation: string;
  teamEmail: string | null;
  managersEmail: string | null;
  /** Where referrals are sent as BaRS messages, when set. */
  barsEndpoint: string | null;
  webhooks: WebhookEndpointResponseDto[];
}

export class RotatedSecretResponseDto {
  id: string;
  url: string;
  /** The new secret, shown this once: absent from a replay of this answer (the same request with the same Idempotency-Key). */
  secret?: string;
  /** Only in a replay: the secret was shown in the first answer and is kept nowhere to be shown again; rotate again for a new one. */
  secretShownOnce?: boolean;
  /** Until then messages are signed with the old secret as well. */
  previousSecretValidUntil: string | null;
}
