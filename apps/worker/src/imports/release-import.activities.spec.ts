/**
 * What a row of a list becomes, by what registration said: created, a duplicate, invalid, or a
 * passing failure that fails the batch to be retried. Registration and the database are stood
 * in for: what is under test is the branching on the Registrar's DomainError codes.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import type { AuditService } from '@throughcare/audit';
import { DomainError, validationError } from '@throughcare/problem';
import type { Registrar } from '@throughcare/registration';
import type { DataSource } from 'typeorm';
import { ReleaseImportActivitiesService } from './release-import.activities';

const IMPORT = { id: 'import-1', createdBy: 'lei-user', createdByName: 'A Nurse', orgCode: 'LEI' };

/** The activities over one pending row, registration answering with `outcome`. */
function sut(outcome: () => Promise<{ id: string }>) {
  const updates: Array<Record<string, unknown>> = [];
  const audits: Array<Record<string, unknown>> = [];
  const repository = {
    findOneByOrFail: async () => IMPORT,
    find: async () => [{ importId: IMPORT.id, rowNumber: 1, result: 'pending', registration: { prisonNumber: 'A1234BC' } }],
    update: async (_where: unknown, values: Record<string, unknown>) => void updates.push(values),
  };
  const dataSource = { getRepository: () => repository } as unknown as DataSource;
  const registrar = { register: jest.fn(outcome) } as unknown as Registrar;
  const audit = { record: async (entry: Record<string, unknown>) => void audits.push(entry) } as unknown as AuditService;
  const activities = new ReleaseImportActivitiesService(dataSource, registrar, audit).activities();
  const run = () => new MockActivityEnvironment().run(activities.registerImportRows, { importId: IMPORT.id, rows: [1] });
  return { run, updates, audits, registrar };
}

describe(ReleaseImportActivitiesService.name, () => {
  it('registers a row as its sender, under an id derived from the import and the row', async () => {
    const { run, updates, audits, registrar } = sut(async () => ({ id: 'pathway-1' }));
    await run();
    expect(registrar.register).toHaveBeenCalledWith(expect.objectContaining({ sub: 'lei-user', org: 'LEI', roles: ['prison-healthcare'] }), { prisonNumber: 'A1234BC' }, { id: 'import:import-1:1' }, 'import-1');
    expect(updates).toEqual([{ result: 'created', pathwayId: 'pathway-1' }]);
    expect(audits).toEqual([expect.objectContaining({ action: 'pathway.register', pathwayId: 'pathway-1', status: 201 })]);
  });

  it('records a person with an open pathway as a duplicate of it', async () => {
    const { run, updates, audits } = sut(() => Promise.reject(new DomainError('pathwayExists', 'Pathway p-9 is open for this person', { pathwayId: 'p-9' })));
    await run();
    expect(updates).toEqual([{ result: 'duplicate', pathwayId: 'p-9', errors: null, detail: 'Pathway p-9 is open for this person' }]);
    expect(audits).toEqual([expect.objectContaining({ pathwayId: 'p-9', status: 409 })]);
  });

  it('records a row registration refuses as invalid, with its field errors', async () => {
    const refused = validationError([{ field: 'prisonCode', messages: ['must be LEI'] }]);
    const { run, updates } = sut(() => Promise.reject(refused));
    await run();
    expect(updates).toEqual([{ result: 'invalid', pathwayId: null, errors: [{ field: 'prisonCode', messages: ['must be LEI'] }], detail: 'prisonCode: must be LEI' }]);
  });

  it.each([
    ['a registration of the row still in progress', new DomainError('requestInProgress', 'retry shortly')],
    ['a pathway that did not answer in time', new DomainError('pathwayBusy')],
    ['Temporal away', new DomainError('workflowServiceUnavailable')],
    ['an error no rule gave', new Error('connection reset')],
  ])('fails the batch, to be retried, on %s, recording nothing for the row', async (_, err) => {
    const { run, updates, audits } = sut(() => Promise.reject(err));
    await expect(run()).rejects.toBe(err);
    expect(updates).toEqual([]);
    expect(audits).toEqual([]);
  });
});
