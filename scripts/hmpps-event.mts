/**
 * Publishes a realistic HMPPS domain event to the local `hmpps-domain-events` topic (goaws, as
 * `npm start` runs it), for people trying the system:
 *
 *   npm run -s hmpps-event -- released A1234BC --prison LEI [--code CR] [--reason RELEASED]
 *                             [--type prison-offender-events|prisoner-offender-search]
 *
 * `--code` is the NOMIS movement reason code (DEC, HO, DD, UAL... make review items, not releases).
 * The topic is $HMPPS_EVENTS_TOPIC_ARN at $HMPPS_EVENTS_ENDPOINT, else the one `npm start` made on
 * 127.0.0.1:$EVENTS_PORT (4100).
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { parseArgs } from 'node:util';
import { ACCOUNT, REGION, TOPIC } from './lib/goaws.mts';

const usage = 'Usage: npm run -s hmpps-event -- released A1234BC --prison LEI [--code CR] [--reason RELEASED] [--type prison-offender-events|prisoner-offender-search]';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    prison: { type: 'string', default: 'LEI' },
    code: { type: 'string', default: 'CR' },
    reason: { type: 'string', default: 'RELEASED' },
    type: { type: 'string', default: 'prison-offender-events' },
  },
});
const [what, nomsNumber] = positionals;
if (what !== 'released' || !nomsNumber || !/^[A-Z][0-9]{4}[A-Z]{2}$/.test(nomsNumber) || !['prison-offender-events', 'prisoner-offender-search'].includes(values.type)) {
  console.error(usage);
  process.exit(2);
}

const now = new Date().toISOString();
const identifiers = { identifiers: [{ type: 'NOMS', value: nomsNumber }] };
const event =
  values.type === 'prison-offender-events'
    ? {
        eventType: 'prison-offender-events.prisoner.released',
        version: 1,
        occurredAt: now,
        publishedAt: now,
        description: 'A prisoner has been released from prison',
        additionalInformation: {
          nomsNumber,
          reason: values.reason,
          details: `Movement reason code ${values.code}`,
          currentLocation: values.reason === 'RELEASED' ? 'OUTSIDE_PRISON' : 'IN_PRISON',
          prisonId: values.prison,
          nomisMovementReasonCode: values.code,
          currentPrisonStatus: 'NOT_UNDER_PRISON_CARE',
        },
        personReference: identifiers,
      }
    : {
        eventType: 'prisoner-offender-search.prisoner.released',
        version: 1,
        occurredAt: now,
        description: 'A prisoner has been released',
        detailUrl: `https://prisoner-search-dev.prison.service.justice.gov.uk/prisoner/${nomsNumber}`,
        additionalInformation: { nomsNumber, reason: values.reason, prisonId: values.prison },
        personReference: identifiers,
      };

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
    new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify(event), MessageAttributes: { eventType: { DataType: 'String', StringValue: event.eventType } } }),
  );
  console.log(`Published ${event.eventType} for ${nomsNumber} to ${topicArn}`);
} catch (err) {
  console.error(`Could not publish to ${endpoint} (is \`npm start\` running?): ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
