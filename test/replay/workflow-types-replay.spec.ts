/**
 * Every saved history of the workflow types other than the pathway's (one folder each under
 * test/replay/histories: release-import, maintenance) must replay against today's workflow
 * code, as the pathways' do (pathway-replay.spec.ts): a run still going when a new release is
 * deployed must carry on. Recorded with RECORD_HISTORIES=1 by the e2e suites of each type.
 */
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@throughcare/config';
import { dataConverter } from '@throughcare/temporal';

const HISTORIES = path.join(__dirname, 'histories');
/** The types each must have histories. */
const TYPES = ['release-import', 'maintenance'];
const files = TYPES.flatMap((type) => readdirSync(path.join(HISTORIES, type)).filter((f) => f.endsWith('.json')).map((f) => path.join(type, f)));
Runtime.install({ logger: new DefaultLogger('WARN') });

describe('replaying saved histories of every other workflow type', () => {
  it.each(TYPES)('has %s histories to replay', (type) => {
    expect(files.filter((f) => f.startsWith(`${type}/`)).length).toBeGreaterThan(0);
  });

  it.each(files)('replays %s without nondeterminism', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')));
    // Histories are saved as the server keeps them (encrypted); the same converter decodes them.
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! }, dataConverter: dataConverter(loadConfig()) },
      history,
      file,
    );
  });
});
