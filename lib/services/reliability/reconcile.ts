// The reconciler (REL-6), run by every worker at boot and every minute (self-healing.ts): it
// re-attaches left-behind deployments and runs, marks runs with no progress STALLED, and opens or
// resolves the incidents that say so. The worker acts for no one, across organizations, as the
// scheduler does (schedule-runs.ts). Every step is a conditional write, so passes running at
// once in several workers agree: one STALLED transition and one incident per subject.
import { reattachOrphans, type Reattached } from './reattach';
import { flagStalledDeployments } from './stalled-deployments';
import { markStalledRuns, type StalledRuns } from './stalled-runs';

export interface Reconciled {
  reattached: Reattached;
  runs: StalledRuns;
  deployments: Awaited<ReturnType<typeof flagStalledDeployments>>;
}

export async function reconcile({ now }: { now: Date }): Promise<Reconciled> {
  const reattached = await reattachOrphans(now);
  const runs = await markStalledRuns(now);
  const deployments = await flagStalledDeployments(now);
  return { reattached, runs, deployments };
}
