/**
 * Finds the Temporal CLI, or builds it once. Order: $TEMPORAL_CLI, `temporal` on PATH,
 * ~/go/bin (or $GOPATH/bin), then `go install` of v1.5.1 (later tags carry a replace
 * directive and cannot be go-installed). Without Go, callers fall back to the SDK's download.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && executable(candidate)) return candidate;
  }
  return undefined;
}

/** The go command: on PATH, else where Go's installer puts it; undefined without Go. */
export function goCommand(): string | undefined {
  return onPath('go') ?? (executable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
}

/** Where `go install` puts binaries ($GOBIN, else $GOPATH/bin); undefined without Go. */
export function goBinDir(): string | undefined {
  const go = goCommand();
  if (!go) return undefined;
  const gobin = execFileSync(go, ['env', 'GOBIN'], { encoding: 'utf8' }).trim();
  return gobin || path.join(execFileSync(go, ['env', 'GOPATH'], { encoding: 'utf8' }).trim(), 'bin');
}

/** The path of a Temporal CLI, building it with Go if need be; undefined when neither is possible. */
export function findOrBuildTemporalCli(log: (line: string) => void = console.log): string | undefined {
  if (process.env.TEMPORAL_CLI && executable(process.env.TEMPORAL_CLI)) return process.env.TEMPORAL_CLI;
  const found = onPath('temporal') ?? [path.join(homedir(), 'go', 'bin', 'temporal')].find(executable);
  if (found) return found;
  const gobin = goBinDir();
  if (!gobin) return undefined;
  const built = path.join(gobin, 'temporal');
  if (executable(built)) return built;
  const go = goCommand()!;
  log(`Building the Temporal CLI once with \`go install ${TEMPORAL_CLI_MODULE}\` (3 to 5 minutes)...`);
  const result = spawnSync(go, ['install', TEMPORAL_CLI_MODULE], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`go install ${TEMPORAL_CLI_MODULE} failed`);
  return built;
}
