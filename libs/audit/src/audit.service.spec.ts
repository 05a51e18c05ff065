import type { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '@throughcare/auth';
import { AuditService, INSERT_AUDIT_LINES } from './audit.service';

const prison: AuthenticatedUser = { sub: 'u-1', name: 'A', org: 'LEI', roles: ['prison-healthcare'] };
const service: AuthenticatedUser = { sub: 'u-2', name: 'B', org: 'CTS-1', roles: ['community-treatment'] };

function sut() {
  const statements: Array<{ sql: string; parameters: unknown[]; inTransaction: boolean }> = [];
  const query = (inTransaction: boolean) => async (sql: string, parameters: unknown[]) => void statements.push({ sql, parameters, inTransaction });
  const dataSource = {
    query: query(false),
    transaction: async (work: (manager: unknown) => Promise<void>) => work({ query: query(true) }),
  } as unknown as DataSource;
  return { audit: new AuditService(dataSource), statements };
}

describe('AuditService.record', () => {
  it('writes a page of lines in one statement, the actor once and each line in order', async () => {
    const { audit, statements } = sut();
    const ids = Array.from({ length: 50 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    await audit.record(...ids.map((pathwayId) => ({ user: prison, action: 'pathway.list', pathwayId, status: 200, correlationId: 'c-1' })));
    expect(statements).toHaveLength(1);
    expect(statements[0].sql).toBe(INSERT_AUDIT_LINES);
    expect(statements[0].sql).not.toMatch(/RETURNING/i);
    const [sub, org, roles, actions, pathwayIds, taskIds, targets, statuses, correlationIds] = statements[0].parameters as unknown[][];
    expect([sub, org, roles]).toEqual(['u-1', 'LEI', ['prison-healthcare']]);
    expect(pathwayIds).toEqual(ids);
    expect(actions).toEqual(ids.map(() => 'pathway.list'));
    expect(taskIds).toEqual(ids.map(() => null));
    expect(targets).toEqual(ids.map(() => null));
    expect(statuses).toEqual(ids.map(() => 200));
    expect(correlationIds).toEqual(ids.map(() => 'c-1'));
  });

  it('writes nothing for no lines', async () => {
    const { audit, statements } = sut();
    await audit.record();
    expect(statements).toEqual([]);
  });

  it('writes the lines of several actors in order, all in one transaction', async () => {
    const { audit, statements } = sut();
    await audit.record(
      { user: prison, action: 'a', status: 200 },
      { user: { ...prison }, action: 'b', status: 200 },
      { user: service, action: 'c', target: 't', status: 403 },
    );
    expect(statements.map((s) => [s.inTransaction, s.parameters[0], s.parameters[3], s.parameters[6]])).toEqual([
      [true, 'u-1', ['a', 'b'], [null, null]],
      [true, 'u-2', ['c'], ['t']],
    ]);
  });
});
