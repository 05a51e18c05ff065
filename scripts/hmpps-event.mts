/**
 * Publishes a realistic HMPPS domain event to the local `hmpps-domain-events` topic (goaws, as
 * `npm start` runs it), for people trying the system:
 *
 *   npm run -s hmpps-event -- released A1234BC --prison LEI [--code CR] [--reason RELEASED]
 *                             [--type prison-offender-events|prisoner-offender-search]
 *   npm run -s hmpps-event -- received A1234BC --prison MDI [--reason ADMISSION|TRANSFERRED] [--code 24]
 *   npm run -s hmpps-event -- updated A1234BC [--type prisoner-offender-search|prison-offender-events|calculate-release-dates]
 *                             [--categories SENTENCE,LOCATION]
 *
 * `released`: `--code` is the NOMIS movement reason code (DEC, HO, DD, UAL... make review items,
 * not releases). `received`: an admission (a return to custody; `--code` a recall code such as
 * 24) or a transfer into `--prison`. `updated`: a release-date change (a Prisoner Search update
 * with `SENTENCE` among its categories, sentence dates changed, or a new calculation), which the
 * worker gathers for INTAKE_DEBOUNCE_SECONDS and then reads from Prisoner Search.
 * The topic is $HMPPS_EVENTS_TOPIC_ARN at $HMPPS_EVENTS_ENDPOINT, else the one `npm start` made on
 * 127.0.0.1:$EVENTS_PORT (4100).
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { parseArgs } from 'node:util';
import { ACCOUNT, REGION, TOPIC } from './lib/goaws.mts';
import { receivedEvent, releasedEvent, updatedEvent } from './lib/hmpps-events.mts';
import type { EventSource } from './lib/hmpps-events.mts';

const usage = [
  'Usage: npm run -s hmpps-event -- released A1234BC --prison LEI [--code CR] [--reason RELEASED] [--type prison-offender-events|prisoner-offender-search]',
  '       npm run -s hmpps-event -- received A1234BC --prison MDI [--reason ADMISSION|TRANSFERRED] [--code 24]',
  '       npm run -s hmpps-event -- updated A1234BC [--type prisoner-offender-search|prison-offender-events|calculate-release-dates] [--categories SENTENCE]',
].join('\n');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    prison: { type: 'string', default: 'LEI' },
    code: { type: 'string' },
    reason: { type: 'string' },
    type: { type: 'string' },
    categories: { type: 'string', default: 'SENTENCE' },
  },
});
const [what, nomsNumber] = positionals;
const TYPES: Record<string, string[]> = {
  released: ['prison-offender-events', 'prisoner-offender-search'],
  received: ['prison-offender-events'],
  updated: ['prisoner-offender-search', 'prison-offender-events', 'calculate-release-dates'],
};
const type = values.type ?? TYPES[what]?.[0];
if (!TYPES[what] || !nomsNumber || !/^[A-Z][0-9]{4}[A-Z]{2}$/.test(nomsNumber) || !TYPES[what].includes(type!)) {
  console.error(usage);
  process.exit(2);
}

const source = type as EventSource;
const movement = { nomsNumber, prison: values.prison, code: values.code, reason: values.reason, source };
const event =
  what === 'released'
    ? releasedEvent(movement)
    : what === 'received'
      ? receivedEvent(movement)
      : updatedEvent({ nomsNumber, source, categories: values.categories.split(',').map((c) => c.trim()).filter(Boolean) });

const endpoint = process.env.HMPPS_EVENTS_ENDPOINT ?? `http://127.0.0.1:${process.env.EVENTS_PORT ?? 4100}`;
const topicArn = process.env.HMPPS_EVENTS_TOPIC_ARN ?? `arn:aws:sns:${REGION}:${ACCOUNT}:${TOPIC}`;
const sns = new SNSClient({
  region: process.env.AWS_REGION ?? REGION,
  endpoint,
  // goaws checks no signature; real SNS takes the environment's own credentials.
  ...(process.env.AWS_ACCESS_KEY_ID ? {} : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
});
try {
  await sns.send(
    new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify(event), MessageAttributes: { eventType: { DataType: 'String', StringValue: event.eventType as string } } }),
  );
  console.log(`Published ${event.eventType} for ${nomsNumber} to ${topicArn}`);
} catch (err) {
  console.error(`Could not publish to ${endpoint} (is \`npm start\` running?): ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
