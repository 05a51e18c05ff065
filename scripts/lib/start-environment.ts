/**
 * What `npm start` gives the processes it starts, from the ports it actually uses: links in
 * messages point at the web pages' own port, and the API's codec lets the Temporal UI's own
 * origin call it, unless the person starting it set either. Pure, so a test can give it
 * other ports (test/scripts). A .ts file (not .mts) so jest can import it.
 */

export interface StartPorts {
  /** The API's. */
  port: number;
  /** The web pages'. */
  webPort: number;
  /** The Temporal UI's, when `npm start` runs the dev server with its UI. */
  temporalUiPort?: number;
}

/** The ports from the environment, with the README's defaults. */
export function startPorts(env: NodeJS.ProcessEnv): StartPorts & { temporalPort: number; temporalUiPort: number } {
  return {
    port: Number(env.PORT ?? 3000),
    webPort: Number(env.WEB_PORT ?? 3001),
    temporalPort: Number(env.TEMPORAL_PORT ?? 7233),
    temporalUiPort: Number(env.TEMPORAL_UI_PORT ?? 8233),
  };
}

export interface StartEnvironments {
  /** The API's and the worker's (and the migrate step's). */
  apps: NodeJS.ProcessEnv;
  /** The web pages'. */
  web: NodeJS.ProcessEnv;
}

export function startEnvironments(
  base: NodeJS.ProcessEnv,
  ports: StartPorts,
  more: { temporalAddress: string; database: Record<string, string>; workflowBundlePath: string },
): StartEnvironments {
  const uiOrigins = ports.temporalUiPort ? `http://localhost:${ports.temporalUiPort},http://127.0.0.1:${ports.temporalUiPort}` : undefined;
  const apps: NodeJS.ProcessEnv = {
    ...base,
    NODE_ENV: base.NODE_ENV ?? 'development',
    ...more.database,
    TEMPORAL_ADDRESS: more.temporalAddress,
    PORT: String(ports.port),
    WORKFLOW_BUNDLE_PATH: more.workflowBundlePath,
    WEB_BASE_URL: base.WEB_BASE_URL ?? `http://localhost:${ports.webPort}`,
    ...(uiOrigins && !base.TEMPORAL_UI_ORIGINS ? { TEMPORAL_UI_ORIGINS: uiOrigins } : {}),
  };
  return { apps, web: { ...apps, WEB_PORT: String(ports.webPort), API_URL: `http://127.0.0.1:${ports.port}` } };
}
