/** What clients of the pathway workflow need, without pulling the workflow code itself. */
export * from './pathway.types';
export * from './pathway.messages';
export * from './pathway.ids';
export type { PathwayActivities, TextActivities } from './pathway.activities.interface';
export type { Rejection } from './pathway.rejections';
export * from './pathway-input';
