export * from './contact-box';
export * from './texting-contact';
