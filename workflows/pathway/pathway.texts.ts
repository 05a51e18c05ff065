/**
 * The texts to the person about their first appointment, as the pathway's state keeps them:
 * planned from a booking (again from a move), a missed appointment, cancelled when what they
 * are about is gone, and what sending and reading them answered. Pure, like the machine: the
 * workflow sends, through activities, what `due` lists. A text that could not reach the person
 * (a wrong number, Notify's technical failure) becomes a notice to the community treatment
 * service and the prison, on the notice path the machine already has.
 */
import {
  appointmentAtOf,
  appointmentTexts,
  DEFAULT_TEXT_POLICY,
  missedText,
  placeDetailsOf,
  PlannedText,
  shiftInstant,
  textAtSendTime,
  TextPolicy,
  timelyAppointmentTexts,
} from '@throughcare/domain';
import type { EscalationView, PathwayState, TaskView, TextDeliveryStatus, TextSendResult, TextView } from './pathway.types';

/** Why a planned text is no longer wanted, as a code the pages put in words. */
export type TextCancelReason = 'appointment-moved' | 'appointment-cancelled' | 'appointment-recorded' | 'pathway-closed' | 'returned-to-custody' | 'no-consent';

/** Delivery reads after sending, each twice as long after the last; then the text stays `sent`. */
const MAX_DELIVERY_CHECKS = 8;
const NO_HOLIDAYS = { id: 'none', fromYear: 0, toYear: 0, holidays: [] };

export class PathwayTexts {
  private readonly policy: TextPolicy;
  /** Set by any change, so the workflow writes the texts (all of them: a handful) with the next write. */
  dirty = false;
  /**
   * Patch `texts-timely`, turned on by the workflow: a move back to a time texted before, or a
   * change of place alone, plans the texts again; nothing is planned about an appointment past
   * or within the minimum lead; and a text is looked at again when it goes (`dueNow`).
   */
  timely = false;

  constructor(
    private readonly state: PathwayState,
    policy: TextPolicy | undefined,
    private readonly newId: () => string,
    private readonly notice: (escalation: EscalationView) => void,
  ) {
    this.policy = policy ?? DEFAULT_TEXT_POLICY;
  }

  get all(): TextView[] {
    return this.state.texts ?? [];
  }

  /** Brings the plan in line with the pathway: texts for a new or moved appointment and a missed one; none for what is gone. */
  plan(now: Date): void {
    const texts = (this.state.texts ??= []);
    for (const text of texts.filter((t) => t.state === 'planned')) {
      const reason = this.cancelReason(text);
      if (reason) this.change(text, { state: 'cancelled', reason });
    }
    if (this.state.status === 'closed') return;
    for (const task of this.state.tasks) {
      if (task.type !== 'first-appointment') continue;
      const at = appointmentAtOf(task.details);
      if (task.state === 'open' && at && this.timely) this.planTimely(task, at, now);
      else if (task.state === 'open' && at && !texts.some((t) => t.taskId === task.id && t.appointmentAt === at.toISOString())) {
        this.add(task, appointmentTexts(at, now, this.policy), at);
      }
      if (task.outcome === 'did-not-attend' && !texts.some((t) => t.taskId === task.id && t.kind === 'missed')) this.add(task, [missedText(now, this.policy)]);
    }
  }

  /** Plans the texts again when the appointment as it stands is not the one they were last planned for. */
  private planTimely(task: TaskView, at: Date, now: Date): void {
    const appointment = appointmentKey(at.toISOString(), task.details);
    const plans = (this.state.textsPlannedFor ??= {});
    if ((plans[task.id] ?? this.plannedBeforePatch(task)) === appointment) return;
    plans[task.id] = appointment;
    this.add(task, timelyAppointmentTexts(at, now, this.policy), at);
  }

  /** Texts planned before the patch: the latest about the appointment; their place was not kept, so it is taken as unchanged. */
  private plannedBeforePatch(task: TaskView): string | undefined {
    const latest = this.all.filter((t) => t.taskId === task.id && t.appointmentAt !== undefined).at(-1);
    return latest && appointmentKey(latest.appointmentAt!, task.details);
  }

  private add(task: TaskView, planned: PlannedText[], appointmentAt?: Date): void {
    for (const p of planned) {
      const text: TextView = { id: this.newId(), kind: p.kind, taskId: task.id, dueAt: p.dueAt.toISOString(), state: 'planned', version: 1 };
      if (appointmentAt) text.appointmentAt = appointmentAt.toISOString();
      this.state.texts!.push(text);
    }
    this.dirty = true;
  }

  private cancelReason(text: TextView): TextCancelReason | undefined {
    const task = this.state.tasks.find((t) => t.id === text.taskId);
    if (this.state.status === 'closed') return task?.cancelReason?.startsWith('Returned to custody') ? 'returned-to-custody' : 'pathway-closed';
    if (text.kind === 'missed' || !task) return undefined;
    if (task.state === 'cancelled') return 'appointment-cancelled';
    if (task.state === 'done') return 'appointment-recorded';
    if (task.details?.appointmentAt !== text.appointmentAt) return 'appointment-moved';
    // A new place at the same time is a move too (patch `texts-timely`).
    const plannedFor = this.timely ? this.state.textsPlannedFor?.[task.id] : undefined;
    return plannedFor === undefined || plannedFor === appointmentKey(text.appointmentAt!, task.details) ? undefined : 'appointment-moved';
  }

  /** The earliest moment a text is due to go, or its delivery to be read. */
  nextAt(): Date | undefined {
    const times = this.all.flatMap((t) => (t.state === 'planned' ? [t.dueAt] : t.state === 'sent' && t.checkAt ? [t.checkAt] : []));
    return times.length === 0 ? undefined : new Date(times.reduce((a, b) => (a < b ? a : b)));
  }

  toSend(now: Date): TextView[] {
    return this.all.filter((t) => t.state === 'planned' && new Date(t.dueAt) <= now);
  }

  /**
   * Whether a text whose time has come goes now (patch `texts-timely`): after a worker outage or
   * a backlog, one found in the quiet hours waits to the morning, and one about an appointment
   * now too close or past is recorded as not sent, too late.
   */
  dueNow(id: string, now: Date): boolean {
    const text = this.all.find((t) => t.id === id)!;
    const decision = textAtSendTime(now, this.policy, text.appointmentAt ? new Date(text.appointmentAt) : undefined);
    if ('waitUntil' in decision) this.change(text, { dueAt: decision.waitUntil.toISOString() });
    if ('tooLate' in decision) this.change(text, { state: 'not-sent', reason: 'too-late', settledAt: now.toISOString() });
    return 'send' in decision;
  }

  toCheck(now: Date): TextView[] {
    return this.all.filter((t) => t.state === 'sent' && t.checkAt !== undefined && new Date(t.checkAt) <= now);
  }

  /** What sending answered; a send that failed after its retries is a technical failure. */
  sent(id: string, result: TextSendResult | { state: 'failed'; reason: 'technical-failure' }, now: Date, routing: PathwayState['routing']): void {
    const text = this.all.find((t) => t.id === id)!;
    if (result.state === 'sent') {
      this.change(text, { state: 'sent', notifyId: result.notifyId, sentAt: now.toISOString(), checkAt: shiftInstant(now, this.policy.statusCheck, NO_HOLIDAYS).toISOString(), checks: 0 });
    } else {
      this.change(text, { state: result.state, reason: result.reason, settledAt: now.toISOString() });
      if (result.state === 'failed') this.undelivered(text, now, routing);
    }
  }

  /** What Notify said of a sent text: final, or read again later. */
  delivery(id: string, status: TextDeliveryStatus, now: Date, routing: PathwayState['routing']): void {
    const text = this.all.find((t) => t.id === id)!;
    if (status === 'delivered') return this.change(text, { state: 'delivered', settledAt: now.toISOString(), checkAt: undefined });
    if (status !== 'pending') {
      this.change(text, { state: 'failed', reason: status, settledAt: now.toISOString(), checkAt: undefined });
      // A phone switched off for Notify's 72 hours is the person's to sort out; a wrong number or a failure of the service is not.
      if (status !== 'temporary-failure') this.undelivered(text, now, routing);
      return;
    }
    const checks = (text.checks ?? 0) + 1;
    const wait = shiftInstant(new Date(0), this.policy.statusCheck, NO_HOLIDAYS).getTime() * 2 ** checks;
    this.change(text, { checks, checkAt: checks >= MAX_DELIVERY_CHECKS ? undefined : new Date(now.getTime() + wait).toISOString() });
  }

  private undelivered(text: TextView, now: Date, routing: PathwayState['routing']): void {
    const at = now.toISOString();
    this.notice({
      key: `${text.id}:notice`,
      taskId: text.taskId,
      level: 'notice',
      raisedAt: at,
      dueAt: at,
      reason: 'A text reminder about the first appointment could not be delivered to the person: check the mobile number with them',
      notify: [
        { org: routing['community-treatment'], audience: 'community-treatment' },
        { org: routing.prison, audience: 'prison' },
      ],
    });
  }

  private change(text: TextView, fields: Partial<TextView>): void {
    Object.assign(text, fields, { version: text.version + 1 });
    for (const [key, value] of Object.entries(text)) if (value === undefined) delete (text as unknown as Record<string, unknown>)[key];
    this.dirty = true;
  }
}

/** An appointment's time and place as one value, to tell whether either changed. */
function appointmentKey(appointmentAt: string, details: TaskView['details']): string {
  return JSON.stringify({ appointmentAt, ...placeDetailsOf(details) });
}
