// What the dbt Core container is asked to run: the task's command (the RunTask override, else the
// task definition's) as argv. dbt Labs' images have `ENTRYPOINT ["dbt"]`, so in real ECS the
// command is dbt's arguments (`["build", "--select", "a"]`); a leading `dbt` is accepted too, as
// Tapestry's runs send `["dbt", "build", …]` (see the report of this change: on the real image that
// would run `dbt dbt build`). `run` and `build` build the models; dbt's other subcommands have
// nothing to do in a project with no seeds, tests or packages; anything else is dbt's usage error.

/** dbt's exit codes: 0 success, 1 a node failed, 2 dbt could not run at all (bad arguments, bad project). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const BUILDS = new Set(['build', 'run']);
const NOTHING_TO_DO = new Set(['clean', 'compile', 'debug', 'deps', 'docs', 'ls', 'list', 'parse', 'seed', 'show', 'snapshot', 'source', 'test']);

export type DbtCommand =
  | { kind: 'build'; text: string }
  | { kind: 'other'; text: string }
  | { kind: 'usage-error'; message: string };

export function parseDbtCommand(argv: readonly string[]): DbtCommand {
  const args = argv[0] === 'dbt' ? argv.slice(1) : [...argv];
  const [subcommand] = args;
  if (subcommand === undefined) return { kind: 'usage-error', message: 'dbt was started with no command (expected e.g. ["build"])' };
  const text = ['dbt', ...args].join(' ');
  if (BUILDS.has(subcommand)) return { kind: 'build', text };
  if (NOTHING_TO_DO.has(subcommand)) return { kind: 'other', text };
  return { kind: 'usage-error', message: `Error: No such command '${subcommand}'.` };
}
