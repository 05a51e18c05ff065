export * from './contact-box';
export * from './texting-contact';
export * from './withdraw-by-reply';
