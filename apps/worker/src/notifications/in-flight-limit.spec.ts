import { InFlightLimit } from './in-flight-limit';

describe(InFlightLimit.name, () => {
  it('lets in up to the limit per key, each key on its own, and frees a place on release', () => {
    const sut = new InFlightLimit(2);
    const a1 = sut.enter('a');
    const a2 = sut.enter('a');
    expect(a1).toBeDefined();
    expect(a2).toBeDefined();
    expect(sut.enter('a')).toBeUndefined();
    expect(sut.enter('b')).toBeDefined();
    a1!();
    expect(sut.count('a')).toBe(1);
    expect(sut.enter('a')).toBeDefined();
  });

  it('counts a release called twice once', () => {
    const sut = new InFlightLimit(1);
    const release = sut.enter('a')!;
    const other = sut.enter('b')!;
    release();
    release();
    expect(sut.count('a')).toBe(0);
    expect(sut.enter('a')).toBeDefined();
    expect(sut.enter('a')).toBeUndefined();
    other();
  });
});
