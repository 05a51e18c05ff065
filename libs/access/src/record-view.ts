/** What each view of a person's record shows: the rules live in libs/domain, where the worker's FHIR mappers read them too. */
export { seesContact, seesPerson, seesTreatment, showsTask, TREATMENT_REVEALING_TASKS, visibleDetails, visibleEventDetails, visibleFreeText } from '@throughcare/domain';
export type { RecordView } from '@throughcare/domain';
