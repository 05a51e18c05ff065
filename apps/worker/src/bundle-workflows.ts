/** Writes the workflow bundle once at build time, so workers start without bundling. */
import { writeFile } from 'node:fs/promises';
import { bundleWorkflows } from './workflow-bundle';

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) throw new Error('usage: bundle-workflows <output.js>');
  const { code } = await bundleWorkflows();
  await writeFile(out, code);
  console.log(`workflow bundle: ${out} (${Math.round(code.length / 1024)} KiB)`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
