/**
 * Throughcare's FHIR R4 resources, shared by the API (/fhir/R4) and the worker (BaRS messages
 * out): the mappers from the read model, the systems they name, and the BaRS message packing.
 * Pure: no I/O, no access decisions (the caller passes the view it decided).
 */
export * from './fhir-systems';
export * from './version-meta';
export * from './organization.mapper';
export * from './patient.mapper';
export * from './service-request.mapper';
export * from './bars/bars-systems';
export * from './bars/referral-message';
