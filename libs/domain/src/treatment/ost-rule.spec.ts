import { ostNeedsOpiates } from './ost-rule';

describe('ostNeedsOpiates', () => {
  it('allows OST when opiates are among the substances', () => {
    expect(ostNeedsOpiates({ substances: ['opiates'], onOst: true })).toBe(true);
    expect(ostNeedsOpiates({ substances: ['alcohol', 'opiates'], onOst: true })).toBe(true);
  });

  it('refuses OST without opiates', () => {
    expect(ostNeedsOpiates({ substances: ['alcohol'], onOst: true })).toBe(false);
    expect(ostNeedsOpiates({ substances: ['non-opiates', 'alcohol'], onOst: true })).toBe(false);
  });

  it('allows anyone not on OST', () => {
    expect(ostNeedsOpiates({ substances: ['alcohol'], onOst: false })).toBe(true);
    expect(ostNeedsOpiates({ substances: ['opiates'], onOst: false })).toBe(true);
  });
});
