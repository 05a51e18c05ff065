import { appointmentAsItStands, pharmacyDetails, pharmacyOf, placeDetails, placeDetailsOf, placeOf, placeProblem } from './appointment-place';

describe('appointment places and bridge pharmacies in task details', () => {
  it('writes and reads back a place, and only its own keys', () => {
    const details = placeDetails({ channel: 'in-person', site: 'main', name: 'Forward Leeds', address: '12 Example Lane, Leeds LS2 7ZZ' });
    expect(details).toEqual({ placeChannel: 'in-person', placeSite: 'main', placeName: 'Forward Leeds', placeAddress: '12 Example Lane, Leeds LS2 7ZZ' });
    expect(placeOf({ appointmentAt: '2027-03-12T10:00:00Z', ...details })).toEqual({ channel: 'in-person', site: 'main', name: 'Forward Leeds', address: '12 Example Lane, Leeds LS2 7ZZ' });
    expect(placeDetailsOf({ appointmentAt: '2027-03-12T10:00:00Z', reason: 'x', ...details })).toEqual(details);
    expect(placeOf(placeDetails({ channel: 'telephone' }))).toEqual({ channel: 'telephone' });
  });

  it('reads nothing from a booking made before places were recorded', () => {
    expect(placeOf({ appointmentAt: '2027-03-12T10:00:00Z' })).toBeUndefined();
    expect(placeOf(null)).toBeUndefined();
    expect(pharmacyOf({})).toBeUndefined();
    expect(placeDetailsOf(undefined)).toEqual({});
  });

  it('writes and reads back a pharmacy with its first collection day', () => {
    const details = pharmacyDetails({ name: 'Quillfeather Pharmacy', address: '14 Imaginary Parade, Leeds LS9 8ZZ', firstCollectionOn: '2027-03-11' });
    expect(pharmacyOf(details)).toEqual({ name: 'Quillfeather Pharmacy', address: '14 Imaginary Parade, Leeds LS9 8ZZ', firstCollectionOn: '2027-03-11' });
  });

  it.each([
    [{ placeChannel: 'pigeon' }, 'place.channel'],
    [{ placeChannel: 'in-person', placeName: 'Forward Leeds' }, 'place.site'],
    [{ pharmacyName: 'Quillfeather Pharmacy' }, 'pharmacy'],
    [{ pharmacyName: ' ', pharmacyAddress: '1 Road' }, 'pharmacy'],
    [{ pharmacyName: 'Q', pharmacyAddress: '1 Road', firstCollectionOn: '2027-02-30' }, 'firstCollectionOn'],
  ])('refuses %j at %s', (details, field) => {
    expect(placeProblem(details)).toMatchObject({ field });
  });

  it('accepts whole places and pharmacies, and details with neither', () => {
    expect(placeProblem({ placeChannel: 'video' })).toBeUndefined();
    expect(placeProblem({ placeChannel: 'in-person', placeName: 'A', placeAddress: 'B' })).toBeUndefined();
    expect(placeProblem({ pharmacyName: 'Q', pharmacyAddress: '1 Road' })).toBeUndefined();
    expect(placeProblem({ appointmentAt: '2027-03-12T10:00:00Z' })).toBeUndefined();
  });
});

describe(appointmentAsItStands.name, () => {
  const booking = { appointmentAt: '2027-03-12T10:00:00Z', placeChannel: 'in-person', placeSite: 'main', placeName: 'Forward Leeds', placeAddress: '12 Example Lane, Leeds LS2 7ZZ' };

  it("is the booking's time and place until the step says otherwise", () => {
    expect(appointmentAsItStands(booking, { appointmentAt: '2027-03-12T10:00:00Z' })).toEqual({ at: new Date('2027-03-12T10:00:00Z'), place: { channel: 'in-person', site: 'main', name: 'Forward Leeds', address: '12 Example Lane, Leeds LS2 7ZZ' } });
  });

  it("is the re-arranged step's own, even with no place", () => {
    const rearrangedAt = '2027-03-01T09:00:00Z';
    expect(appointmentAsItStands(booking, { appointmentAt: '2027-03-16T14:00:00Z', placeChannel: 'video', rearrangedAt })).toEqual({ at: new Date('2027-03-16T14:00:00Z'), place: { channel: 'video' }, rearrangedAt: new Date(rearrangedAt) });
    expect(appointmentAsItStands(booking, { appointmentAt: '2027-03-16T14:00:00Z', rearrangedAt }).place).toBeUndefined();
  });
});
