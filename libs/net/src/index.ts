export * from './address-ranges';
export * from './destination';
export * from './webhook-url';
