/**
 * Failure messages and stack traces can quote what failed (a database error quotes values):
 * they are moved into an encoded attribute, so the payload codec encrypts them too.
 * Loaded by path, in the workflow bundle as well as beside the client and the activities.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
