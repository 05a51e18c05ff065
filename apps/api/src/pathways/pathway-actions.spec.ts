import { getMetadataStorage } from 'class-validator';
import type { AuthenticatedUser, Role } from '@throughcare/auth';
import type { PathwayEntity } from '@throughcare/persistence';
import { CONTACT_FIELDS, contactActionsFor, pathwayActionsFor } from './pathway-actions';
import { PutContactDto } from './contact.dto';
import type { PathwayContactDto } from './contact.dto';
import { EVENT_BODIES, EVENT_FIELDS } from './pathway-event.dto';

const user = (org: string, ...roles: Role[]): AuthenticatedUser => ({ sub: 's', name: 'n', org, roles });
const pathway = (over: Partial<PathwayEntity> = {}) =>
  ({ id: 'p1', status: 'active', prisonCode: 'LEI', probationCode: 'PDU-LDS', communityTreatmentCode: 'CTS-LDS', releasedOn: null, ...over }) as PathwayEntity;
const names = (caller: AuthenticatedUser, p = pathway()) => pathwayActionsFor(caller, p).map((a) => a.name);

describe('the events a pathway offers its caller', () => {
  it('offers the prison holding the person every event before the release, and its probation unit a return to custody', () => {
    expect(names(user('LEI', 'prison-healthcare'))).toEqual(['released', 'release-date', 'returned-to-custody', 'transfer', 'cancel']);
    expect(names(user('PDU-LDS', 'probation'))).toEqual(['returned-to-custody']);
  });

  it('offers nothing to anyone else', () => {
    for (const caller of [user('CTS-LDS', 'community-treatment'), user('BMI', 'prison-healthcare'), user('LEI', 'probation'), user('THC-OPS', 'admin')]) {
      expect(names(caller)).toEqual([]);
    }
  });

  it('offers only a return to custody or a cancellation once released, and nothing once closed, failed or still registering', () => {
    expect(names(user('LEI', 'prison-healthcare'), pathway({ releasedOn: '2027-01-07' }))).toEqual(['returned-to-custody', 'cancel']);
    for (const status of ['closed', 'failed', 'registering'] as const) expect(names(user('LEI', 'prison-healthcare'), pathway({ status }))).toEqual([]);
  });

  it('says where to send each event and what it asks for', () => {
    expect(pathwayActionsFor(user('PDU-LDS', 'probation'), pathway())).toEqual([
      { name: 'returned-to-custody', href: '/v1/pathways/p1/returned-to-custody', fields: [{ name: 'on', kind: 'date', required: true }, { name: 'reason', kind: 'text', required: true }] },
    ]);
  });

  it.each(Object.keys(EVENT_BODIES) as Array<keyof typeof EVENT_BODIES>)('lists every field the %s body validates, and no other', (event) => {
    const validated = new Set(getMetadataStorage().getTargetValidationMetadatas(EVENT_BODIES[event], '', true, false).map((m) => m.propertyName));
    expect(EVENT_FIELDS[event].map((f) => f.name).sort()).toEqual([...validated].sort());
  });

  describe("the person's mobile number", () => {
    const held = { consentToText: 'yes' } as PathwayContactDto;
    const contactNames = (caller: AuthenticatedUser, p = pathway(), contact: PathwayContactDto | null = held) => contactActionsFor(caller, p, contact).map((a) => `${a.method} ${a.name}`);

    it('offers its healthcare teams to record it and, once held, to withdraw consent; no one else', () => {
      for (const keeper of [user('LEI', 'prison-healthcare'), user('CTS-LDS', 'community-treatment')]) {
        expect(contactNames(keeper)).toEqual(['PUT contact', 'DELETE withdraw-contact']);
        expect(contactNames(keeper, pathway(), null)).toEqual(['PUT contact']);
        expect(contactNames(keeper, pathway(), { consentToText: 'withdrawn' } as PathwayContactDto)).toEqual(['PUT contact']);
      }
      for (const caller of [user('PDU-LDS', 'probation'), user('LA-LDS', 'commissioner'), user('BMI', 'prison-healthcare'), user('CTS-LDS', 'probation'), user('THC-OPS', 'admin')]) {
        expect(contactNames(caller)).toEqual([]);
      }
    });

    it('offers only a withdrawal once the pathway is closed', () => {
      expect(contactNames(user('CTS-LDS', 'community-treatment'), pathway({ status: 'closed' }))).toEqual(['DELETE withdraw-contact']);
    });

    it('says where to send it and lists every field the body validates', () => {
      expect(contactActionsFor(user('LEI', 'prison-healthcare'), pathway(), null)).toEqual([
        { name: 'contact', href: '/v1/pathways/p1/contact', method: 'PUT', fields: [{ name: 'mobileNumber', kind: 'mobile', required: true }, { name: 'consentToText', kind: 'yes-no', required: true }] },
      ]);
      const validated = new Set(getMetadataStorage().getTargetValidationMetadatas(PutContactDto, '', true, false).map((m) => m.propertyName));
      expect(CONTACT_FIELDS.map((f) => f.name).sort()).toEqual([...validated].sort());
    });
  });
});
