import { isOptOutReply, OPT_OUT_WORDS } from './opt-out-reply';

describe('a reply that withdraws consent to texts', () => {
  it.each([...OPT_OUT_WORDS, 'stop', ' Stop ', 'STOP.', 'stop!', 'stop   all', '\tUnsubscribe\n', 'end', 'Cancel', 'quit'])('takes %p as an opt-out', (message) => {
    expect(isOptOutReply(message)).toBe(true);
  });

  it.each(['', ' ', 'STOPP', 'please stop', 'stop texting at night', "don't stop", 'STOP?', 'yes', 'S T O P', 'STOP ALL NOW', 'ＳＴＯＰ'])('does not take %p as one', (message) => {
    expect(isOptOutReply(message)).toBe(false);
  });
});
