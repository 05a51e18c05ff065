/** Every migration, in order. Listed explicitly so the app, the CLI and tests run the same set. */
import { InitialSchema1763856000000 } from './1763856000000-initial-schema';
import { PathwayEngine1763942400000 } from './1763942400000-pathway-engine';
import { AuditLog1764028800000 } from './1764028800000-audit-log';
import { EscalationNotices1764115200000 } from './1764115200000-escalation-notices';
import { IdempotencyKeys1764201600000 } from './1764201600000-idempotency-keys';
import { AuditTarget1764288000000 } from './1764288000000-audit-target';
import { ApplicationRole1764374400000 } from './1764374400000-application-role';
import { PathwayFailuresAndFaults1764460800000 } from './1764460800000-pathway-failures-and-faults';
import { PathwayPeople1764720000000 } from './1764720000000-pathway-people';
import { Reports1764806400000 } from './1764806400000-reports';
import { ReleaseDay1764892800000 } from './1764892800000-release-day';
import { WebSessions1764979200000 } from './1764979200000-web-sessions';
import { HandoverStepSummary1765065600000 } from './1765065600000-handover-step-summary';
import { OneIdempotency1765152000000 } from './1765152000000-one-idempotency';
import { Notifications1765238400000 } from './1765238400000-notifications';
import { NotificationDelivery1765324800000 } from './1765324800000-notification-delivery';
import { ReleaseImports1765411200000 } from './1765411200000-release-imports';
import { ReadIndexes1765670400000 } from './1765670400000-read-indexes';
import { RecoveryClaims1766102400000 } from './1766102400000-recovery-claims';
import { WebhookUrlsListedOnce1766203200000 } from './1766203200000-webhook-urls-listed-once';
import { WebhookBreaker1766275200000 } from './1766275200000-webhook-breaker';
import { IntakeInbox1766361600000 } from './1766361600000-intake-inbox';
import { IntakeReviews1766430000000 } from './1766430000000-intake-reviews';
import { ReleaseDateReviews1766448000000 } from './1766448000000-release-date-reviews';
import { WebhookSecretsSealed1766455200000 } from './1766455200000-webhook-secrets-sealed';
import { PersonSearch1766462400000 } from './1766462400000-person-search';
import { BarsMessages1766534400000 } from './1766534400000-bars-messages';
import { BarsEndpoints1766620800000 } from './1766620800000-bars-endpoints';
import { OrganisationProfiles1766707200000 } from './1766707200000-organisation-profiles';
import { PathwayContacts1766707300000 } from './1766707300000-pathway-contacts';
import { PathwayTexts1766707400000 } from './1766707400000-pathway-texts';
import { ReleaseImportHistory1766707500000 } from './1766707500000-release-import-history';
import { EscalationPlaces1766793600000 } from './1766793600000-escalation-places';
import { TaskPathwayDueIndex1766793700000 } from './1766793700000-task-pathway-due-index';
import { PathwayListIndexes1766793800000 } from './1766793800000-pathway-list-indexes';
import { EscalationPlan1766880000000 } from './1766880000000-escalation-plan';

export const MIGRATIONS = [
  InitialSchema1763856000000,
  PathwayEngine1763942400000,
  AuditLog1764028800000,
  EscalationNotices1764115200000,
  IdempotencyKeys1764201600000,
  AuditTarget1764288000000,
  ApplicationRole1764374400000,
  PathwayFailuresAndFaults1764460800000,
  PathwayPeople1764720000000,
  Reports1764806400000,
  ReleaseDay1764892800000,
  WebSessions1764979200000,
  HandoverStepSummary1765065600000,
  OneIdempotency1765152000000,
  Notifications1765238400000,
  NotificationDelivery1765324800000,
  ReleaseImports1765411200000,
  ReadIndexes1765670400000,
  RecoveryClaims1766102400000,
  WebhookUrlsListedOnce1766203200000,
  WebhookBreaker1766275200000,
  IntakeInbox1766361600000,
  IntakeReviews1766430000000,
  ReleaseDateReviews1766448000000,
  WebhookSecretsSealed1766455200000,
  PersonSearch1766462400000,
  BarsMessages1766534400000,
  BarsEndpoints1766620800000,
  OrganisationProfiles1766707200000,
  PathwayContacts1766707300000,
  PathwayTexts1766707400000,
  ReleaseImportHistory1766707500000,
  EscalationPlaces1766793600000,
  TaskPathwayDueIndex1766793700000,
  PathwayListIndexes1766793800000,
  EscalationPlan1766880000000,
];
