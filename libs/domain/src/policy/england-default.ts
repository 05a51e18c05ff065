/** The default policy, DESIGN §3.2: due rules in working days before or after release. */
import { Policy } from './policy';

const WITHIN_ONE_WD_OF_REGISTRATION = { anchor: 'registration', offset: '+1WD' } as const;

export const ENGLAND_DEFAULT: Policy = {
  id: 'england-default',
  version: 1,
  dueTime: '17:00',
  lateRegistrationWeeks: 12,
  outcomeWindow: '+21D',
  ladder: [
    { level: 'reminder', offset: '-1WD', notify: ['owner'] },
    { level: 'L1', offset: '+0D', notify: ['owner'] },
    { level: 'L2', offset: '+1WD', notify: ['owner-managers', 'requester'] },
    { level: 'L3', offset: '+3WD', notLaterThanBeforeRelease: '-2WD', notify: ['commissioner'] },
  ],
  steps: [
    {
      type: 'assessment',
      owner: 'prison',
      trigger: { on: 'registration' },
      due: { anchor: 'release', offset: '-20WD' },
      lateDue: WITHIN_ONE_WD_OF_REGISTRATION,
    },
    {
      type: 'referral',
      owner: 'prison',
      trigger: { on: 'registration' },
      due: { anchor: 'release', offset: '-15WD' },
      lateDue: WITHIN_ONE_WD_OF_REGISTRATION,
    },
    {
      type: 'referral-acceptance',
      owner: 'community-treatment',
      trigger: { on: 'completed', step: 'referral' },
      due: { anchor: 'created', offset: '+2WD' },
    },
    {
      type: 'probation-acknowledgement',
      owner: 'probation',
      trigger: { on: 'registration' },
      due: { anchor: 'release', offset: '-5WD' },
      lateDue: WITHIN_ONE_WD_OF_REGISTRATION,
    },
    {
      type: 'gp-registration',
      owner: 'prison',
      trigger: { on: 'registration' },
      due: { anchor: 'release', offset: '-10WD' },
      notBefore: { anchor: 'release', offset: '-P1M', at: '00:00' },
    },
    {
      type: 'appointment-booking',
      owner: 'community-treatment',
      trigger: { on: 'completed', step: 'referral-acceptance', outcome: 'accepted' },
      due: { anchor: 'release', offset: '-2WD' },
    },
    {
      type: 'ost-bridging',
      owner: 'prison',
      trigger: { on: 'registration' },
      due: { anchor: 'release', offset: '-2WD' },
      critical: true,
      onlyWhen: 'onOst',
    },
    {
      type: 'naloxone',
      owner: 'prison',
      trigger: { on: 'registration' },
      due: { anchor: 'release', offset: '+0D', at: '23:59' },
      onlyWhen: 'opioidUse',
    },
    {
      type: 'release-confirmation',
      owner: 'prison',
      trigger: { on: 'registration' },
      due: { anchor: 'release', offset: '+1WD' },
    },
    {
      type: 'first-appointment',
      owner: 'community-treatment',
      trigger: { on: 'completed', step: 'appointment-booking' },
      due: { anchor: 'appointment', offset: '+1WD' },
    },
    {
      type: 're-engagement',
      owner: 'community-treatment',
      trigger: { on: 'completed', step: 'first-appointment', outcome: 'did-not-attend' },
      due: { anchor: 'created', offset: '+1WD' },
    },
    {
      type: 're-referral',
      owner: 'prison',
      trigger: { on: 'completed', step: 'referral-acceptance', outcome: 'declined' },
      due: { anchor: 'created', offset: '+1WD' },
    },
  ],
};
