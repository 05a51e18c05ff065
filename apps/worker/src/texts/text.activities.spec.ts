import { Logger } from '@nestjs/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@throughcare/config';
import type { TextToSend } from '@throughcare/workflows/pathway';
import { NotifyStandIn } from '../../../../test/support/notify-stand-in';
import { TextActivitiesService } from './text.activities';

const PROFILE = { display_name: 'Forward Leeds', phone: '+441134960123', address: { lines: ['12 Example Lane'], town: 'Leeds', postcode: 'LS2 7ZZ' } };
const MOBILE = '+447700900111';

describe(TextActivitiesService.name, () => {
  const notify = new NotifyStandIn();
  const templates = { NOTIFY_TEMPLATE_ID_SMS_BOOKED: randomUUID(), NOTIFY_TEMPLATE_ID_SMS_REMINDER: randomUUID(), NOTIFY_TEMPLATE_ID_SMS_MISSED: randomUUID() };
  let profile: object | undefined = PROFILE;
  /** What the service asks PostgreSQL: the service's profile, and the audit line before a number goes to Notify. */
  const audited: unknown[][] = [];
  const db = {
    query: async (sql: string, params: unknown[]) => {
      if (sql.includes('INSERT INTO audit_log')) return void audited.push(params);
      return profile ? [profile] : [];
    },
  } as unknown as DataSource;
  let contact: { mobileNumber: string } | null = { mobileNumber: MOBILE };
  const sutWith = (settings: Record<string, string>) =>
    new TextActivitiesService(db, loadConfig({ ...process.env, DATABASE_URL: 'postgres://u@127.0.0.1/x', TEMPORAL_ADDRESS: '127.0.0.1:7233', ...settings }), async () => contact);
  let sut: TextActivitiesService;
  const text = (overrides: Partial<TextToSend> = {}): TextToSend => ({
    pathwayId: randomUUID(),
    textId: randomUUID(),
    kind: 'booked',
    serviceCode: 'CTS-LDS',
    appointmentAt: '2027-01-08T10:30:00.000Z',
    place: { placeChannel: 'telephone' },
    ...overrides,
  });
  const send = (t: TextToSend, attempt = 1) => new MockActivityEnvironment({ attempt }).run(() => sut.sendText(t));

  beforeAll(async () => {
    Logger.overrideLogger(false);
    await notify.start();
    sut = sutWith({ NOTIFY_API_KEY: notify.apiKey, NOTIFY_BASE_URL: notify.url, NOTIFY_TEMPLATE_ID_IMMEDIATE: randomUUID(), NOTIFY_TEMPLATE_ID_DIGEST: randomUUID(), ...templates });
  });
  afterAll(() => notify.close());
  beforeEach(() => {
    profile = PROFILE;
    contact = { mobileNumber: MOBILE };
  });

  it("sends the kind's template to the number read at send time, with the service's name, the time in words, the place and the phone; the reference is the text's id", async () => {
    const t = text();
    const result = await send(t);
    const sent = notify.texts.find((s) => s.body.reference === t.textId)!;
    expect(result).toEqual({ state: 'sent', notifyId: sent.id });
    expect(notify.refused).toEqual([]);
    expect(sent.body).toMatchObject({ template_id: templates.NOTIFY_TEMPLATE_ID_SMS_BOOKED, phone_number: MOBILE, reference: t.textId });
    expect(sent.body.personalisation).toEqual({ service: 'Forward Leeds', phone: '0113 496 0123', day: 'Friday 8 January 2027', time: '10:30am', place: 'They will phone you.' });
    expect(audited).toContainEqual(['system:texts', 'CTS-LDS', t.pathwayId, t.textId]);
  });

  it("sends a booking without a place to the service's main address", async () => {
    const t = text({ place: undefined });
    await send(t);
    expect(notify.texts.find((s) => s.body.reference === t.textId)!.body.personalisation.place).toBe('Go to Forward Leeds, 12 Example Lane, Leeds, LS2 7ZZ.');
  });

  it('cancels a text when the person has no number, did not agree or withdrew, and sends nothing', async () => {
    contact = null;
    const t = text();
    expect(await send(t)).toEqual({ state: 'cancelled', reason: 'no-consent' });
    expect(notify.texts.some((s) => s.body.reference === t.textId)).toBe(false);
    expect(audited.some((params) => params.includes(t.textId))).toBe(false); // no number opened, nothing to say
  });

  it("does not send a text whose service name would say what the appointment is for", async () => {
    profile = { ...PROFILE, display_name: 'Leeds Drug Treatment Service' };
    expect(await send(text())).toEqual({ state: 'not-sent', reason: 'revealing-words' });
  });

  it('records a text as not sent without a Notify key', async () => {
    const keyless = sutWith({});
    expect(await new MockActivityEnvironment().run(() => keyless.sendText(text()))).toEqual({ state: 'not-sent', reason: 'no-notify-key' });
  });

  it("on a retry, takes the text Notify already holds under the reference instead of sending it again", async () => {
    const t = text();
    const first = await send(t);
    const again = await send(t, 2);
    expect(again).toEqual(first);
    expect(notify.texts.filter((s) => s.body.reference === t.textId)).toHaveLength(1);
  });

  it('on a retry after consent was withdrawn, still records as sent a text the lost answer had sent', async () => {
    const t = text();
    const first = await send(t);
    contact = null; // the person replied STOP between the two tries
    expect(await send(t, 2)).toEqual(first);
    expect(notify.texts.filter((s) => s.body.reference === t.textId)).toHaveLength(1);
  });

  it("fails a send Notify rate-limits (429) so that Temporal retries it, quoting no number", async () => {
    notify.rateLimited = 1;
    const failure = await send(text()).then(() => undefined, (err: unknown) => err as Error);
    expect(failure?.message).toBe('GOV.UK Notify did not take the request (429)');
    expect(notify.throttled).toBe(1);
  });

  it("reads Notify's state of a sent text: pending while sending, then its final state", async () => {
    notify.outcomes.set('+447700900222', 'permanent-failure');
    contact = { mobileNumber: '+447700900222' };
    const sent = await send(text());
    const notifyId = (sent as { notifyId: string }).notifyId;
    expect(await sut.readTextDelivery({ notifyId })).toBe('pending');
    expect(await sut.readTextDelivery({ notifyId })).toBe('permanent-failure');
  });
});
