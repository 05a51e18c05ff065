/**
 * A policy in seconds, so the whole ladder runs end to end against the real Temporal server
 * in a test, with no fake clocks (DESIGN §3.5). Deadlines count from registration or from
 * the step before; the acceptance step is due six seconds after the referral is sent.
 */
export const FAST_AREA = 'E08000029'; // Solihull: CTS-BHM, PDU-BHM, LA-BHM (Birmingham and Solihull, as the NHS and probation pair them)

const FAR = { anchor: 'registration', offset: 'PT1H' } as const;

export const FAST_POLICY = {
  id: 'e2e-seconds',
  dueTime: '17:00',
  lateRegistrationWeeks: 0,
  outcomeWindow: 'PT8S',
  ladder: [
    { level: 'reminder', offset: '-PT3S', notify: ['owner'] },
    { level: 'L1', offset: 'PT0S', notify: ['owner'] },
    { level: 'L2', offset: 'PT3S', notify: ['owner-managers', 'requester'] },
    { level: 'L3', offset: 'PT6S', notify: ['commissioner'] },
  ],
  steps: [
    { type: 'assessment', owner: 'prison', trigger: { on: 'registration' }, due: FAR },
    { type: 'referral', owner: 'prison', trigger: { on: 'registration' }, due: FAR },
    { type: 'referral-acceptance', owner: 'community-treatment', trigger: { on: 'completed', step: 'referral' }, due: { anchor: 'created', offset: 'PT6S' } },
    { type: 'probation-acknowledgement', owner: 'probation', trigger: { on: 'registration' }, due: FAR },
    { type: 'appointment-booking', owner: 'community-treatment', trigger: { on: 'completed', step: 'referral-acceptance', outcome: 'accepted' }, due: { anchor: 'created', offset: 'PT1H' } },
    { type: 'ost-bridging', owner: 'prison', trigger: { on: 'registration' }, due: FAR, critical: true, onlyWhen: 'onOst' },
    { type: 'release-confirmation', owner: 'prison', trigger: { on: 'registration' }, due: FAR },
    { type: 'first-appointment', owner: 'community-treatment', trigger: { on: 'completed', step: 'appointment-booking' }, due: { anchor: 'appointment', offset: 'PT1H' } },
    { type: 're-engagement', owner: 'community-treatment', trigger: { on: 'completed', step: 'first-appointment', outcome: 'did-not-attend' }, due: { anchor: 'created', offset: 'PT1H' } },
    { type: 're-referral', owner: 'prison', trigger: { on: 'completed', step: 'referral-acceptance', outcome: 'declined' }, due: { anchor: 'created', offset: 'PT1H' } },
  ],
  // Texts to the person: reminders 20 and 10 seconds before the appointment, at any hour (no quiet hours), delivery read after 2 seconds.
  texts: { reminders: [{ offset: '-PT20S' }, { offset: '-PT10S' }], minimumLead: 'PT1S', statusCheck: 'PT2S' },
};

/** Creates the fast policy (its next version) and makes it the fast area's. */
export async function installFastPolicy(admin: { post(path: string, body: object, status?: number): Promise<unknown>; put(path: string, body: object): Promise<unknown> }): Promise<void> {
  await admin.post('/v1/policies', FAST_POLICY, 201);
  await admin.put(`/v1/areas/${FAST_AREA}/policy`, { policyId: FAST_POLICY.id });
}
