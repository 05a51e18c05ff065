import { problem, PROBLEMS } from './problems';

describe('PROBLEMS', () => {
  it('defines each type once, so a type a client branches on has one title and status', () => {
    const types = Object.values(PROBLEMS).map((kind) => kind.type);
    expect(new Set(types).size).toBe(types.length);
  });

  it('answers a problem with its kind’s type URI, title and status, and this time’s detail', () => {
    expect(problem(PROBLEMS.pathwayExists, 'Pathway 1 is open for this person', { pathwayId: '1' }).body('/v1/releases')).toEqual({
      type: 'https://throughcare.dev/problems/pathway-exists',
      title: 'This person already has an open pathway',
      status: 409,
      detail: 'Pathway 1 is open for this person',
      instance: '/v1/releases',
      pathwayId: '1',
    });
  });
});
