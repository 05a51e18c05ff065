/**
 * Workflow bundling. The bundler ignores tsconfig `paths`, so the same aliases are given to
 * its webpack, letting workflow code import `@throughcare/domain` from source or from dist.
 */
import { bundleWorkflowCode, DefaultLogger, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { FAILURE_CONVERTER_PATH } from '@throughcare/temporal';

/** The repository (or dist) root that holds `workflows/` and `libs/`. */
const ROOT = path.resolve(__dirname, '../../..');

function resolveFrom(root: string, relative: string): string {
  return path.join(root, relative);
}

export function workflowsEntry(root = ROOT): string {
  const ts = resolveFrom(root, 'workflows/index.ts');
  return existsSync(ts) ? ts : resolveFrom(root, 'workflows/index.js');
}

/**
 * @param aliases more webpack aliases, by absolute path: the replay test swaps the compiled
 *   bank-holiday list for another to show a refresh cannot change a running pathway.
 * @param interceptorModules workflow interceptor modules: the deploy test changes the workflow's
 *   commands through one, as a new release of the workflow code would.
 */
export async function bundleWorkflows(root = ROOT, aliases: Record<string, string> = {}, interceptorModules: string[] = []): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: workflowsEntry(root),
    workflowInterceptorModules: interceptorModules,
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: new DefaultLogger('WARN'),
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = {
        ...(config.resolve.alias as Record<string, string>),
        '@throughcare/domain$': resolveFrom(root, 'libs/domain/src'),
        ...aliases,
      };
      return config;
    },
  });
}
