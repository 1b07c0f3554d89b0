// grouparooSetup: the Grouparoo port bound to one server and API key. ensurePipeline calls for one
// slug run one after another in this process (two deploy steps racing here make one set of
// objects); across processes ensure-object's twin check and the deploy queue's singleton key
// keep them apart.
import { NameLocks } from '../ensure-by-name';
import { GrouparooClient, type GrouparooConfig } from './client';
import { ensurePipeline } from './ensure-pipeline';
import { exportCounts } from './export-counts';
import { GrouparooObjects } from './objects';
import { removePipeline } from './remove-pipeline';
import { getRun, ModelOfSchedule, startSync } from './runs';
import type { GrouparooSetup } from './types';

export function grouparooSetup(config: GrouparooConfig): GrouparooSetup {
  const client = new GrouparooClient(config);
  const objects = new GrouparooObjects(client);
  const locks = new NameLocks();
  const models = new ModelOfSchedule();
  return {
    ensurePipeline: (input, o = {}) => locks.run(input.slug, () => ensurePipeline(client, input, o)),
    startSync: (ids, o = {}) => startSync(objects, ids, o),
    getRun: (runId, o = {}) => getRun(objects, models, runId, o),
    exportCounts: (destinationId, since, o = {}) => exportCounts(objects, destinationId, since, o),
    removePipeline: (slug, o = {}) => locks.run(slug, () => removePipeline(objects, slug, o)),
  };
}
