// A connector configuration as a spec holds it: JSON settings where every secret is a SecretRef
// (or left out). Checked against the connector's own schema by connector-checks.ts.
import { z } from 'zod';

export const ConnectorConfigSchema = z.record(z.string(), z.json());
export type ConnectorConfig = z.infer<typeof ConnectorConfigSchema>;
