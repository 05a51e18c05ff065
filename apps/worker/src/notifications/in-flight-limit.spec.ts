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

describe(`${InFlightLimit.name} with a line`, () => {
  /** A key whose two places are held, one of them taken again just after being freed: its places are moving. */
  function moving(): { sut: InFlightLimit; held: Array<() => void> } {
    const sut = new InFlightLimit(2);
    const first = sut.enter('a')!;
    const second = sut.enter('a')!;
    first();
    return { sut, held: [second, sut.enter('a')!] };
  }

  it('gives a place freed to the first in line, in the order they came', async () => {
    const { sut, held } = moving();
    const second = sut.wait('a', 60_000, 2);
    const third = sut.wait('a', 60_000, 2);
    held[0]();
    const secondRelease = (await second)!;
    expect(secondRelease).toBeDefined();
    expect(sut.count('a')).toBe(2);
    held[1]();
    const thirdRelease = (await third)!;
    expect(thirdRelease).toBeDefined();
    secondRelease();
    thirdRelease();
    expect(sut.count('a')).toBe(0);
  });

  it('turns away a caller when the line is full, and one still waiting when its wait is over', async () => {
    const { sut, held } = moving();
    const waiting = sut.wait('a', 20, 1);
    await expect(sut.wait('a', 20, 1)).resolves.toBeUndefined();
    await expect(waiting).resolves.toBeUndefined();
    // Nobody is left in line: places freed go back to the count, and the next comes straight in.
    held.forEach((release) => release());
    expect(sut.count('a')).toBe(0);
    const next = await sut.wait('a', 20, 1);
    expect(next).toBeDefined();
    next!();
  });

  it('gives a line to a key whose places were all free a moment ago (a receiver that has had no time to answer yet)', async () => {
    const sut = new InFlightLimit(2);
    const held = [sut.enter('a')!, sut.enter('a')!];
    const third = sut.wait('a', 60_000, 2);
    held[0]();
    const release = await third;
    expect(release).toBeDefined();
    release!();
    held[1]();
    expect(sut.count('a')).toBe(0);
  });

  it('gives no line to a key whose places stay held longer than the wait (a receiver that does not answer)', async () => {
    let now = 0;
    const sut = new InFlightLimit(1, () => now);
    const held = sut.enter('a')!;
    now = 1001;
    await expect(sut.wait('a', 1000, 10)).resolves.toBeUndefined();
    held();
  });
});
