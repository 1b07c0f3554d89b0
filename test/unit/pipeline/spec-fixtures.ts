// Specs the spec tests start from: the Rain Shield preset in the sandbox, which must be valid.
import { rainShieldPreset } from '@/lib/pipeline/presets/rain-shield';
import type { PipelineSpec } from '@/lib/pipeline/spec';

export const WAREHOUSE = { host: '127.0.0.1', port: 5432, database: 'warehouse', username: 'tapestry' };

export function sandboxSpec(): PipelineSpec {
  return rainShieldPreset({ target: 'sandbox', warehouse: WAREHOUSE });
}
