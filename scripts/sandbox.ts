// `npm run sandbox`: the local stand-ins for AWS, Airbyte, dbt Cloud and Snowflake plus the real
// Grouparoo, without the app — to poke at with the AWS CLI, curl or a Snowflake client. Every
// stand-in logs requests at /__sandbox/requests and takes fault knobs at /__sandbox/faults.
// Ctrl-C stops everything.
import { localHome, prepareHome } from './start/local-home';
import { describeSandbox, runSandbox } from './sandbox/run';
import { sandboxTimeScale } from './sandbox/time-scale';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const home = localHome();
  prepareHome(home);
  say('Starting the sandbox…');
  const running = await runSandbox({ home, log: say, grouparoo: process.env.TAPESTRY_GROUPAROO !== 'off', timeScale: sandboxTimeScale(process.env.TAPESTRY_SANDBOX_TIME_SCALE), grouparooDir: process.env.TAPESTRY_GROUPAROO_DIR || undefined });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('\nStopping the sandbox…');
    await running.stop();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop());
  say('Sandbox ready (credentials in ' + running.descriptorFile + '):');
  for (const line of describeSandbox(running.descriptor())) say(line);
  say('Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  say(`The sandbox could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
