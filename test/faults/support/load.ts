/**
 * The load a fault meets: registrations and task actions sent to both API instances in turn
 * (no proxy in front of them: a client picks one), each with an Idempotency-Key, each bounded
 * by a timeout, each answer written down. What got a 2xx is what the counting check holds the
 * system to; what did not is retried afterwards with the same key, as a client would.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_RELEASE } from '../../support/dates';
import { FAST_AREA } from '../../support/fast-policy';
import type { Topology } from './production-like';
import type { Json } from '../../support/api-client';

/** The longest any request may take, fault or not: past it, the answer counts as a hang. */
export const REQUEST_BOUND_MS = 15_000;

export type { Json };

export interface Sent {
  kind: 'register' | 'complete';
  api: string;
  key: string;
  /** What it was about: the prison number registered, or the task completed. */
  target: string;
  /** The HTTP status, or why there was none. */
  status: number | 'no-answer' | 'timeout';
  contentType?: string;
  problemType?: string;
  ms: number;
  at: number;
  body?: Json;
}

export interface Registration {
  key: string;
  prisonNumber: string;
  prison: 'LEI' | 'BMI';
  fast: boolean;
  /** Sent once and never retried, as by a client that gave up: only the sweep can finish it. */
  abandoned?: boolean;
  body: Json;
  /** Set once a 2xx answered it. */
  pathwayId?: string;
  tasks?: Json[];
}

export interface Action {
  key: string;
  taskId: string;
  taskType: string;
  pathwayId: string;
  prison: 'LEI' | 'BMI';
  done: boolean;
  /** When its 2xx came back (for the referral of a fast pathway, the ladder counts from here). */
  doneAt?: number;
}

/** A few clients retrying at once, as the burst's clients would. */
async function inParallel<T>(items: T[], each: (item: T) => Promise<void>, clients = 6): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: clients }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await each(item);
  }));
}

let sequence = 0;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Prison numbers unique to this run (its own database): a letter per scenario, then a count. */
function prisonNumber(scenario: number): string {
  sequence++;
  return `${LETTERS[scenario]}${String(sequence % 10_000).padStart(4, '0')}${LETTERS[Math.floor(sequence / 10_000) % 26]}Z`;
}

export class Load {
  readonly sent: Sent[] = [];
  readonly registrations: Registration[] = [];
  readonly actions: Action[] = [];
  private turn = 0;
  /** APIs that did not answer lately: a client tries the other one for a while. */
  private readonly down = new Map<string, number>();

  constructor(
    private readonly topology: Topology,
    private readonly scenario: number,
  ) {}

  /** The next API instance, in turn. */
  private api(): string {
    const urls = this.topology.apiUrls;
    const up = urls.filter((url) => (this.down.get(url) ?? 0) < Date.now());
    const choice = up.length > 0 ? up : urls;
    return choice[this.turn++ % choice.length];
  }

  async send(kind: Sent['kind'], prison: string, path: string, body: Json, key: string, target: string, api = this.api()): Promise<Sent> {
    const token = await this.topology.token(prison, 'prison-healthcare');
    const started = Date.now();
    const sent: Sent = { kind, api, key, target, status: 'no-answer', ms: 0, at: started };
    try {
      const res = await fetch(`${api}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_BOUND_MS),
      });
      sent.status = res.status;
      sent.contentType = res.headers.get('content-type') ?? undefined;
      const text = await res.text();
      sent.body = text ? (JSON.parse(text) as Json) : undefined;
      if (!res.ok) sent.problemType = sent.body?.type;
    } catch (err) {
      sent.status = (err as Error).name === 'TimeoutError' ? 'timeout' : 'no-answer';
      if (sent.status === 'no-answer') this.down.set(api, Date.now() + 5_000);
    }
    sent.ms = Date.now() - started;
    this.sent.push(sent);
    return sent;
  }

  /** A registration: at LEI for Leeds (the default policy), or at BMI for Solihull (the seconds policy). */
  async register(fast: boolean, api?: string, abandoned = false): Promise<Registration> {
    const prison = fast ? 'BMI' : 'LEI';
    const number = prisonNumber(this.scenario);
    const registration: Registration = {
      key: `reg-${randomUUID()}`,
      prisonNumber: number,
      prison,
      fast,
      abandoned,
      body: {
        prisonNumber: number,
        givenName: 'Sam',
        familyName: 'Example',
        dateOfBirth: '1985-04-12',
        nhsNumber: '9434765919',
        prisonCode: prison,
        releaseDate: DEFAULT_RELEASE.friday,
        releaseDateType: 'CRD',
        destinationArea: fast ? FAST_AREA : 'E08000035',
        treatment: { substances: ['opiates'], onOst: true, consentToShare: true },
      },
    };
    this.registrations.push(registration);
    await this.submit(registration, api);
    return registration;
  }

  private async submit(registration: Registration, api?: string): Promise<void> {
    const sent = await this.send('register', registration.prison, '/v1/releases', registration.body, registration.key, registration.prisonNumber, api);
    if (typeof sent.status === 'number' && sent.status < 300) {
      registration.pathwayId = sent.body!.id;
      registration.tasks = sent.body!.tasks;
    }
  }

  /** Completes a task of a registered pathway: `referral` starts the acceptance step and, on the seconds policy, its ladder. */
  async complete(registration: Registration, taskType: string, api?: string): Promise<Action | undefined> {
    const task = registration.tasks?.find((t) => t.type === taskType);
    if (!task) return undefined;
    const action: Action = { key: `act-${randomUUID()}`, taskId: task.id, taskType, pathwayId: registration.pathwayId!, prison: registration.prison, done: false };
    this.actions.push(action);
    await this.act(action, api);
    return action;
  }

  private async act(action: Action, api?: string): Promise<void> {
    const sent = await this.send('complete', action.prison, `/v1/tasks/${action.taskId}/complete`, {}, action.key, action.taskId, api);
    if (typeof sent.status === 'number' && sent.status < 300) {
      action.done = true;
      action.doneAt ??= Date.now();
    }
  }

  /**
   * The burst: clients arriving at `perSecond`, whatever the answers (an open loop, as a
   * prison's staff would go on registering), one in three on the seconds policy, each
   * completing its new pathway's referral; at most `maxInFlight` at once. Until `until` settles.
   */
  async burst(until: Promise<unknown>, perSecond = 5, maxInFlight = 30): Promise<void> {
    let over = false;
    void until.finally(() => (over = true));
    const clients: Array<Promise<void>> = [];
    let inFlight = 0;
    for (let n = 0; !over; n++) {
      if (inFlight < maxInFlight) {
        inFlight++;
        clients.push(
          (async () => {
            try {
              const registration = await this.register(n % 3 === 0);
              if (registration.pathwayId) await this.complete(registration, 'referral');
            } finally {
              inFlight--;
            }
          })(),
        );
      }
      await new Promise((r) => setTimeout(r, 1000 / perSecond));
    }
    await Promise.all(clients);
  }

  /** After the fault: every request that got no 2xx (but the abandoned) is sent again with its key until one does (or `timeoutMs` passes). */
  async retryUnanswered(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const registrations = this.registrations.filter((r) => !r.pathwayId && !r.abandoned);
      const actions = this.actions.filter((a) => !a.done);
      if (registrations.length === 0 && actions.length === 0) return;
      if (Date.now() > deadline) throw new Error(`${registrations.length} registrations and ${actions.length} actions still unanswered after retries`);
      await inParallel(registrations, (r) => this.submit(r));
      await inParallel(actions, (a) => this.act(a));
      // A registration answered only now may still have its referral to complete.
      await inParallel(
        registrations.filter((r) => r.pathwayId && !this.actions.some((a) => a.pathwayId === r.pathwayId)),
        (r) => this.complete(r, 'referral').then(() => undefined),
      );
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  /** Requests sent in [from, to): how many, and how they were answered. */
  during(from: number, to: number): Sent[] {
    return this.sent.filter((s) => s.at >= from && s.at < to);
  }
}
