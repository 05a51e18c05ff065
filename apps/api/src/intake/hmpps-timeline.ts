/**
 * What HMPPS told Throughcare about a pathway, for its page: the source of each change an HMPPS
 * event made (the event, the prison, when it happened and when it arrived), found by the
 * change's correlation id `hmpps:<MessageId>`; and a release Prisoner Search reported that the
 * confirmed event has not yet followed ("release reported"), which never releases anyone.
 */
import { DataSource } from 'typeorm';
import { HmppsSourceDto, PathwayResponseDto, ReleaseReportedDto } from '../pathways/pathway.dto';

export interface HmppsFacts {
  sources: Map<string, HmppsSourceDto>;
  releaseReported: ReleaseReportedDto | null;
}

interface Row {
  message_id: string;
  event_type: string;
  outcome: string;
  occurred_at: Date;
  received_at: Date;
  prison_code: string | null;
  prison_name: string | null;
}

export async function hmppsFacts(dataSource: DataSource, pathwayId: string, releasedOn: string | null): Promise<HmppsFacts> {
  const rows: Row[] = await dataSource.query(
    `SELECT i.message_id, i.event_type, i.outcome, i.occurred_at, i.received_at, i.prison_code, o.name AS prison_name
       FROM intake_inbox i LEFT JOIN organisations o ON o.code = i.prison_code
      WHERE i.pathway_id = $1 AND i.outcome IN ('applied', 'reported')
      ORDER BY i.occurred_at`,
    [pathwayId],
  );
  const source = (r: Row): HmppsSourceDto => ({
    system: 'HMPPS',
    eventType: r.event_type,
    occurredAt: r.occurred_at.toISOString(),
    receivedAt: r.received_at.toISOString(),
    prison: r.prison_code ? { code: r.prison_code, name: r.prison_name } : null,
  });
  const sources = new Map(rows.filter((r) => r.outcome === 'applied').map((r) => [`hmpps:${r.message_id}`, source(r)]));
  const reported = rows.filter((r) => r.outcome === 'reported').at(-1);
  // Shown only while the confirmed release is awaited: once released, the release itself says it.
  return { sources, releaseReported: reported && !releasedOn ? source(reported) : null };
}

/** The pathway's view with each HMPPS change's source and any release reported. */
export function withHmppsFacts(view: PathwayResponseDto, facts: HmppsFacts): PathwayResponseDto {
  return {
    ...view,
    timeline: view.timeline.map((e) => {
      const source = e.correlationId ? facts.sources.get(e.correlationId) : undefined;
      return source ? { ...e, source } : e;
    }),
    releaseReported: facts.releaseReported,
  };
}
