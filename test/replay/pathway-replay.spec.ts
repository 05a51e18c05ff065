/**
 * Every saved history must replay against today's workflow code: a change that would
 * break a running pathway fails here. Histories are recorded with RECORD_HISTORIES=1.
 */
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@throughcare/config';
import { dataConverter } from '@throughcare/temporal';

const HISTORIES = path.join(__dirname, 'histories');
const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
Runtime.install({ logger: new DefaultLogger('WARN') });

describe('replaying saved pathway histories', () => {
  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('replays %s without nondeterminism', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')));
    // Histories are saved as the server keeps them (encrypted since v2); the same converter decodes them.
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! }, dataConverter: dataConverter(loadConfig()) },
      history,
      file,
    );
  });
});
