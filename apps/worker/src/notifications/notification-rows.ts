/**
 * Who is told what, derived in SQL from the rows a snapshot write has just stored: each
 * statement here reads a sibling CTE's RETURNING rows (`task_rows`, `escalation_rows`,
 * `event_rows`) and inserts into `notifications` in the same statement, so a message exists
 * exactly when what it tells of was stored, and a retried or replayed write (which stores no
 * row again) tells nothing twice. The key names the source and the receiver, so each is told
 * once.
 *
 * How soon each goes (at once, or in the daily digest) is libs/domain's rule (notification
 * urgency), applied by the writer to each task, escalation and event of the snapshot: the
 * statements read it from the snapshot's rows (`urgencyOf`), never decide it themselves.
 *
 * A body carries ids, types, due dates, levels and organisation codes: never a name, a date of
 * birth, an NHS or prison number, nor free text (reasons are written by people and may name one).
 */

/** The pathway's organisations, as they stood before this write; named in every body. */
const ORGANISATIONS = `(SELECT jsonb_build_object('prison', p.prison_code, 'communityTreatment', p.community_treatment_code,
                              'probation', p.probation_code, 'commissioner', p.commissioner_code)
                         FROM pathways p WHERE p.id = :pathwayId::uuid)`;

/**
 * The first write of a pathway registered from a list (its status is still `registering`
 * before this statement): a prison's list of 150 releases reaches each service as one digest,
 * not 150 messages. Critical steps still go at once.
 */
const FIRST_WRITE_OF_IMPORTED = `coalesce((SELECT p.import_id IS NOT NULL AND p.status = 'registering' FROM pathways p WHERE p.id = :pathwayId::uuid), false)`;

/**
 * A referral sent to a community treatment service with a BaRS endpoint goes to its system as
 * a BaRS message (target `new`), and the referral revoked after it (an outcome other than
 * engaged, told to that service only when it had the referral by BaRS) as an update (`update`).
 */
const BARS_TARGETS = `
    SELECT 'bars', CASE WHEN n.event = 'task.created' THEN 'new' ELSE 'update' END
      FROM organisation_contacts c
     WHERE c.org_code = n.org_code AND c.bars_endpoint IS NOT NULL
       AND ((n.event = 'task.created' AND n.body->>'taskType' = 'referral-acceptance')
         OR (n.event = 'pathway.outcome' AND n.body->>'outcome' <> 'engaged'
             AND n.org_code = (SELECT p.community_treatment_code FROM pathways p WHERE p.id = n.pathway_id)))`;

/**
 * Which notifications reach which targets besides the inbox: a referral's BaRS message, webhooks subscribed to the event,
 * and (while e-mail is on) the team's or managers' mailbox for an immediate one. Reads `n`'s pathway_id, body,
 * org_code, audience, event and urgency. Evaluated once when a message is stored (is there anyone
 * to start a delivery for?) and once when its delivery is planned (the deliveries to make).
 */
export function targetsSql(emailEnabled: boolean): string {
  return `
    SELECT 'webhook' AS channel, w.id::text AS target
      FROM webhook_endpoints w WHERE w.org_code = n.org_code AND n.event = ANY (w.events)
    UNION ALL
    ${BARS_TARGETS}
    ${
      emailEnabled
        ? `UNION ALL
    SELECT 'email', n.audience
      FROM organisation_contacts c
     WHERE c.org_code = n.org_code AND n.urgency = 'immediate'
       AND (CASE WHEN n.audience = 'managers' THEN coalesce(c.managers_email, c.team_email) ELSE c.team_email END) IS NOT NULL`
        : ''
    }`;
}

/**
 * Stores the messages `select` makes (key, org_code, audience, event, urgency, pathway_id,
 * task_id, body), each once (by key), and returns those stored with `deliverable` set when anyone
 * besides the inbox is to be told: the writer starts their deliveries. One with nobody to tell is
 * stored as handed on already (`dispatched_at`), so only a deliverable message that no delivery
 * has planned yet is ever left with none (see DeliveryStarter's catch-up).
 */
export function insertNotifications(select: string, emailEnabled: boolean): string {
  return `INSERT INTO notifications (key, org_code, audience, event, urgency, pathway_id, task_id, body, dispatched_at)
  SELECT n.*, CASE WHEN EXISTS (${targetsSql(emailEnabled)}) THEN NULL ELSE now() END
    FROM (${select}) AS n(key, org_code, audience, event, urgency, pathway_id, task_id, body)
  ON CONFLICT (key) DO NOTHING
  RETURNING id, dispatched_at IS NULL AS deliverable`;
}

/** A field the writer set on the snapshot's row (in the `:list` parameter) whose `field` equals `match`. */
const urgencyOf = (list: 'tasks' | 'escalations' | 'events', field: string, match: string, urgency: string) =>
  `(SELECT x->>'${urgency}' FROM jsonb_array_elements(:${list}::jsonb) AS x WHERE x->>'${field}' = (${match})::text)`;

/** The columns task_rows must return. */
export const TASK_RETURNING = `RETURNING id, type, owner_type, owner_code, state, critical, due_at, (xmax = 0) AS inserted`;

/**
 * A task inserted by this write is new (`xmax = 0`: PostgreSQL's mark of a row inserted, not
 * updated, by INSERT … ON CONFLICT DO UPDATE); one returned as done was completed by it, and the
 * prison that asked for it is told.
 */
const TASK_NOTIFICATIONS = `
  SELECT n.event || ':' || t.id || ':' || n.org, n.org, 'team', n.event, n.urgency, :pathwayId::uuid, t.id,
         jsonb_build_object('event', n.event, 'pathwayId', :pathwayId::uuid, 'taskId', t.id, 'taskType', t.type,
                            'dueAt', t.due_at, 'organisations', ${ORGANISATIONS})
    FROM task_rows t
    CROSS JOIN LATERAL (VALUES
      ('task.created', t.owner_code,
       CASE WHEN ${FIRST_WRITE_OF_IMPORTED} THEN ${urgencyOf('tasks', 'id', 't.id', 'urgency_if_new_listed')} ELSE ${urgencyOf('tasks', 'id', 't.id', 'urgency_if_new')} END, t.inserted),
      ('task.completed', (SELECT prison_code FROM pathways WHERE id = :pathwayId::uuid), ${urgencyOf('tasks', 'id', 't.id', 'urgency_if_done')}, t.state = 'done' AND t.owner_type <> 'prison')
    ) AS n(event, org, urgency, applies)
   WHERE n.applies AND n.org IS NOT NULL`;

/** The columns escalation_rows must return (only rows inserted: it does nothing on conflict). */
export const ESCALATION_RETURNING = `RETURNING key, task_id, level, due_at, notify`;

/** Each organisation an escalation or notice names: the managers' mailbox for `owner-managers`, else the team's. */
const ESCALATION_NOTIFICATIONS = `
  SELECT DISTINCT ON (key)
         'escalation:' || e.key || ':' || n.org || ':' || n.audience AS key, n.org, n.audience,
         CASE WHEN e.level = 'notice' THEN 'pathway.notice' ELSE 'task.escalated' END,
         CASE WHEN coalesce(t.critical, false) THEN ${urgencyOf('escalations', 'key', 'e.key', 'urgency_if_critical')} ELSE ${urgencyOf('escalations', 'key', 'e.key', 'urgency')} END,
         :pathwayId::uuid, e.task_id,
         jsonb_build_object('event', CASE WHEN e.level = 'notice' THEN 'pathway.notice' ELSE 'task.escalated' END,
                            'pathwayId', :pathwayId::uuid, 'taskId', e.task_id, 'taskType', t.type, 'level', e.level,
                            'dueAt', e.due_at, 'organisations', ${ORGANISATIONS})
    FROM escalation_rows e
    CROSS JOIN LATERAL (
      SELECT x->>'org' AS org, CASE WHEN x->>'audience' = 'owner-managers' THEN 'managers' ELSE 'team' END AS audience
        FROM jsonb_array_elements(e.notify) AS x
    ) n
    LEFT JOIN LATERAL (
      SELECT tk.type, tk.critical FROM jsonb_to_recordset(:tasks::jsonb) AS tk(id uuid, type text, critical boolean) WHERE tk.id = e.task_id
      UNION ALL
      SELECT type, critical FROM tasks WHERE id = e.task_id
      LIMIT 1
    ) t ON true
   WHERE n.org IS NOT NULL`;

/** The columns event_rows must return. */
export const EVENT_RETURNING = `RETURNING seq, type, details`;

/**
 * Whether the pathway's community treatment service was sent its referral as a BaRS message
 * (read through the partial index of BaRS deliveries; evaluated only for a revoking outcome).
 */
const REFERRED_BY_BARS = `EXISTS (SELECT 1 FROM deliveries d JOIN notifications m ON m.id = d.notification_id
                                   WHERE d.channel = 'bars' AND d.target = 'new' AND m.pathway_id = p.id AND m.org_code = p.community_treatment_code)`;

/**
 * A release tells the community treatment service and probation (at once when unplanned); an
 * outcome tells the commissioner and the prison, and a revoked referral (any outcome but
 * engaged) the service that had it by BaRS, whose system is sent the update.
 */
const EVENT_NOTIFICATIONS = `
  SELECT n.event || ':' || :pathwayId::uuid || ':' || e.seq || ':' || n.org, n.org, 'team', n.event, n.urgency, :pathwayId::uuid, NULL::uuid,
         jsonb_build_object('event', n.event, 'pathwayId', :pathwayId::uuid, 'organisations', ${ORGANISATIONS})
           || CASE WHEN e.type = 'released' THEN jsonb_build_object('releaseKind', e.details->>'kind')
                   ELSE jsonb_build_object('outcome', e.details->>'outcome') END
    FROM event_rows e
    CROSS JOIN pathways p
    CROSS JOIN LATERAL (VALUES
      ('pathway.released', p.community_treatment_code, ${urgencyOf('events', 'seq', 'e.seq', 'urgency')}, e.type = 'released'),
      ('pathway.released', p.probation_code, ${urgencyOf('events', 'seq', 'e.seq', 'urgency')}, e.type = 'released'),
      ('pathway.outcome', p.commissioner_code, ${urgencyOf('events', 'seq', 'e.seq', 'urgency')}, e.type = 'outcome'),
      ('pathway.outcome', p.prison_code, ${urgencyOf('events', 'seq', 'e.seq', 'urgency')}, e.type = 'outcome'),
      ('pathway.outcome', p.community_treatment_code, ${urgencyOf('events', 'seq', 'e.seq', 'urgency')},
       CASE WHEN e.type = 'outcome' AND e.details->>'outcome' <> 'engaged' THEN ${REFERRED_BY_BARS} ELSE false END)
    ) AS n(event, org, urgency, applies)
   WHERE p.id = :pathwayId::uuid AND n.applies AND n.org IS NOT NULL`;

/** The three statements that store what a snapshot write tells, for a worker with e-mail on or off. */
export function notificationStatements(emailEnabled: boolean): { tasks: string; escalations: string; events: string } {
  return {
    tasks: insertNotifications(TASK_NOTIFICATIONS, emailEnabled),
    escalations: insertNotifications(ESCALATION_NOTIFICATIONS, emailEnabled),
    events: insertNotifications(EVENT_NOTIFICATIONS, emailEnabled),
  };
}
