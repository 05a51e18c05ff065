import { CONFIRMED_RELEASE_EVENT, decideMovement, movementKey, RECEIVED_EVENT, receivedEffect, releaseKind, REPORTED_RELEASE_EVENT, staleness } from './movement';

const released = (over: Record<string, string> = {}) => ({ eventType: CONFIRMED_RELEASE_EVENT, reason: 'RELEASED', currentLocation: 'OUTSIDE_PRISON', ...over });

describe('decideMovement', () => {
  it('records a release for RELEASED to outside prison, with or without an ordinary reason code', () => {
    expect(decideMovement(released())).toEqual({ action: 'release' });
    expect(decideMovement(released({ nomisMovementReasonCode: 'CR' }))).toEqual({ action: 'release' });
  });

  it.each([
    ['DEC', 'death'],
    ['HO', 'hospital'],
    ['HP', 'hospital'],
    ['HQ', 'hospital'],
    ['DD', 'deportation'],
    ['DE', 'deportation'],
    ['DL', 'deportation'],
    ['UAL', 'absconded'],
    ['UAL_ECL', 'absconded'],
  ])('puts a RELEASED movement with code %s in front of a person (%s), never releasing', (code, kind) => {
    expect(decideMovement(released({ nomisMovementReasonCode: code }))).toEqual({ action: 'review', kind });
  });

  it('changes nothing for a temporary absence, a court appearance or a transfer', () => {
    expect(decideMovement(released({ reason: 'TEMPORARY_ABSENCE_RELEASE' }))).toEqual({ action: 'none', why: 'temporary-absence' });
    expect(decideMovement(released({ reason: 'SENT_TO_COURT' }))).toEqual({ action: 'none', why: 'court' });
    expect(decideMovement(released({ reason: 'TRANSFERRED', currentLocation: 'BEING_TRANSFERRED' }))).toEqual({ action: 'none', why: 'transfer' });
  });

  it('does not release someone the event says is still in prison', () => {
    expect(decideMovement(released({ currentLocation: 'IN_PRISON' }))).toEqual({ action: 'none', why: 'still-in-prison' });
  });

  it('only notes the immediate Prisoner Search release, whatever its reason', () => {
    expect(decideMovement({ eventType: REPORTED_RELEASE_EVENT, reason: 'RELEASED' })).toEqual({ action: 'report' });
  });

  it('leaves other event types alone', () => {
    expect(decideMovement({ eventType: 'prisoner-offender-search.prisoner.updated', reason: 'ADMISSION' })).toEqual({ action: 'none', why: 'not-handled' });
    expect(decideMovement(released({ reason: 'SOMETHING_NEW' }))).toEqual({ action: 'none', why: 'not-a-release' });
  });
});

describe('decideMovement, received', () => {
  const received = (reason: string, over: Record<string, string> = {}) => decideMovement({ eventType: RECEIVED_EVENT, reason, currentLocation: 'IN_PRISON', prisonId: 'BMI', ...over });

  it.each(['24', 'L', 'B', 'Y', 'PD', 'ELR', 'ETRLR', 'etrlr'])('reads an admission with code %s as a recall', (code) => {
    expect(received('ADMISSION', { nomisMovementReasonCode: code })).toEqual({ action: 'admission', recall: true });
  });

  it('reads any other admission (a remand, a new sentence) as an admission that is not a recall', () => {
    expect(received('ADMISSION', { nomisMovementReasonCode: 'N' })).toEqual({ action: 'admission', recall: false });
    expect(received('ADMISSION')).toEqual({ action: 'admission', recall: false });
  });

  it('reads a transfer as a move to the prison that received the person', () => {
    expect(received('TRANSFERRED')).toEqual({ action: 'transfer', toPrison: 'BMI' });
  });

  it('changes nothing for a return from court or from a temporary absence', () => {
    expect(received('RETURN_FROM_COURT')).toEqual({ action: 'none', why: 'back-from-absence' });
    expect(received('TEMPORARY_ABSENCE_RETURN')).toEqual({ action: 'none', why: 'back-from-absence' });
  });
});

describe('receivedEffect', () => {
  const known = (code: string) => ['LEI', 'BMI'].includes(code);
  const atLeeds = { released: false, prisonCode: 'LEI' };
  const releasedFromLeeds = { released: true, prisonCode: 'LEI' };

  it('returns a released person to custody, saying whether they were recalled', () => {
    expect(receivedEffect({ action: 'admission', recall: true }, releasedFromLeeds, known)).toEqual({ effect: 'return-to-custody', reason: 'Recalled to prison' });
    expect(receivedEffect({ action: 'admission', recall: false }, releasedFromLeeds, known)).toEqual({ effect: 'return-to-custody', reason: 'Admitted to prison' });
  });

  it('changes nothing for an admission the pathway never saw the person leave before', () => {
    expect(receivedEffect({ action: 'admission', recall: true }, atLeeds, known)).toEqual({ effect: 'in-custody' });
  });

  it('transfers a pathway not yet released to a prison Throughcare knows', () => {
    expect(receivedEffect({ action: 'transfer', toPrison: 'BMI' }, atLeeds, known)).toEqual({ effect: 'transfer', toPrison: 'BMI' });
  });

  it('asks a person about a transfer to a prison Throughcare does not know', () => {
    expect(receivedEffect({ action: 'transfer', toPrison: 'XYZ' }, atLeeds, known)).toEqual({ effect: 'review', kind: 'transfer-to-unknown-prison', toPrison: 'XYZ' });
  });

  it('does not transfer a released pathway, nor one already at that prison', () => {
    expect(receivedEffect({ action: 'transfer', toPrison: 'BMI' }, releasedFromLeeds, known)).toEqual({ effect: 'none' });
    expect(receivedEffect({ action: 'transfer', toPrison: 'LEI' }, atLeeds, known)).toEqual({ effect: 'none' });
  });
});

describe('releaseKind', () => {
  it('is planned on the day of release and unplanned on any other day', () => {
    expect(releaseKind('2027-03-11', '2027-03-11')).toBe('planned');
    expect(releaseKind('2027-03-10', '2027-03-11')).toBe('unplanned');
    expect(releaseKind('2027-03-12', '2027-03-11')).toBe('unplanned');
  });
});

describe('movementKey', () => {
  it('names the pathway, the movement and the day, so both event types of one release share it', () => {
    expect(movementKey('p1', 'released', '2027-03-11')).toBe('p1:released:2027-03-11');
  });
});

describe('staleness', () => {
  const registered = new Date('2027-01-01T10:00:00Z');
  it('calls a movement before the registration historic', () => {
    expect(staleness(new Date('2027-01-01T09:59:59Z'), registered, undefined)).toBe('historic');
  });
  it('calls a movement older than the last one applied out of order', () => {
    expect(staleness(new Date('2027-02-01T09:00:00Z'), registered, new Date('2027-02-01T10:00:00Z'))).toBe('older-than-last-movement');
  });
  it('lets a current movement through', () => {
    expect(staleness(new Date('2027-02-01T11:00:00Z'), registered, new Date('2027-02-01T10:00:00Z'))).toBeUndefined();
  });
});
