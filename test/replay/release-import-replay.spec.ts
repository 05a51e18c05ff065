/**
 * Every saved release-import history must replay against today's workflow code, as the
 * pathways' do (pathway-replay.spec.ts): an import still running when a new release is deployed
 * must carry on. Histories are recorded with RECORD_HISTORIES=1 by test/e2e/release-imports.
 */
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@throughcare/config';
import { dataConverter } from '@throughcare/temporal';

const HISTORIES = path.join(__dirname, 'histories', 'release-import');
const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
Runtime.install({ logger: new DefaultLogger('WARN') });

describe('replaying saved release-import histories', () => {
  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('replays %s without nondeterminism', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')));
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! }, dataConverter: dataConverter(loadConfig()) },
      history,
      file,
    );
  });
});
