// Runs work on a dependency graph the way CloudFormation schedules resources: everything whose
// prerequisites are done starts at once (independent resources in parallel), a node whose
// prerequisite failed never starts, and after `keepGoing()` turns false nothing new starts.

export type NodeOutcome = 'done' | 'failed' | 'not-started';

/**
 * @param ids the nodes to run
 * @param prerequisites node → nodes that must be done first (nodes outside `ids` count as done)
 * @param run the work for one node; resolves true when it succeeded
 */
export function runInOrder(
  ids: string[],
  prerequisites: Map<string, Set<string>>,
  run: (id: string) => Promise<boolean>,
  keepGoing: () => boolean = () => true,
): Promise<Map<string, NodeOutcome>> {
  const members = new Set(ids);
  const state = new Map<string, NodeOutcome | 'waiting' | 'running'>(ids.map((id) => [id, 'waiting']));
  let running = 0;
  return new Promise((resolve, reject) => {
    let failure: unknown;
    const finish = () => {
      const out = new Map<string, NodeOutcome>();
      for (const [id, s] of state) out.set(id, s === 'done' || s === 'failed' ? s : 'not-started');
      if (failure !== undefined) reject(failure);
      else resolve(out);
    };
    const ready = (id: string) => [...(prerequisites.get(id) ?? [])].every((p) => !members.has(p) || state.get(p) === 'done');
    const startReady = () => {
      if (failure === undefined && keepGoing()) {
        for (const id of ids) {
          if (state.get(id) !== 'waiting' || !ready(id)) continue;
          state.set(id, 'running');
          running += 1;
          run(id).then(
            (ok) => settle(id, ok ? 'done' : 'failed'),
            (error: unknown) => {
              // An error that is not a resource failure (the stand-in closing) stops everything.
              failure ??= error;
              settle(id, 'failed');
            },
          );
        }
      }
      if (running === 0) finish();
    };
    const settle = (id: string, outcome: NodeOutcome) => {
      state.set(id, outcome);
      running -= 1;
      startReady();
    };
    startReady();
  });
}
