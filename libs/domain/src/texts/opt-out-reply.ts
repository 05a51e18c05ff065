/**
 * Whether a text the person sent back withdraws their consent to texts: the opt-out words UK
 * senders honour (the mobile networks' and Ofcom's usual STOP keywords), alone in the
 * message. Case, spaces around and between the words, and a closing full stop or exclamation
 * mark do not matter; anything else ("stop texting at night", "don't stop") is not an opt-out,
 * since a reply that only mentions a word is not a request to stop.
 */
export const OPT_OUT_WORDS = ['STOP', 'STOP ALL', 'STOPALL', 'UNSUBSCRIBE', 'END', 'CANCEL', 'QUIT'] as const;

const OPT_OUT = new Set<string>(OPT_OUT_WORDS);

export function isOptOutReply(message: string): boolean {
  const words = message.trim().replace(/[.!]+$/, '').trim().replace(/\s+/g, ' ').toUpperCase();
  return OPT_OUT.has(words);
}
