// The Grouparoo port: what a deploy, a run and a teardown ask of Grouparoo for one pipeline.
import type { CallOptions } from '../call-limits';

/** Grouparoo's `postgres` app options (@grouparoo/postgres). */
export interface WarehouseAppOptions {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /**
   * The app's search_path. The warehouse app always gets the unified users table's schema here,
   * because Grouparoo's table import names the table without a schema.
   */
  schema: string;
}

/** Grouparoo's `snowflake` app options (@grouparoo/snowflake, whose last release is 0.5.1). */
export interface SnowflakeAppOptions {
  /** The account identifier, e.g. `xy12345.us-east-2.aws`. */
  account: string;
  username: string;
  password: string;
  warehouse: string;
  database: string;
  /** As for postgres: set to the unified users table's schema. */
  schema: string;
}

export type WarehouseApp = { kind: 'postgres'; options: WarehouseAppOptions } | { kind: 'snowflake'; options: SnowflakeAppOptions };

export interface UnifiedUsersTable {
  schema: string;
  table: string;
  /** Every column becomes a Grouparoo property (the primary key's is the model's unique one). */
  columns: readonly string[];
  primaryKey: string;
}

export interface DestinationInput {
  /** Tapestry's destination name (`[a-z0-9_-]`), unique in the pipeline. */
  name: string;
  /** The Grouparoo plugin's app type, e.g. `postgres`, `mailchimp`. */
  type: string;
  /**
   * The plugin's export connection (`postgres-export-records`, `mailchimp-export-contacts`);
   * absent = the one Tapestry's destination catalog names for `type`.
   */
  connection?: string;
  appOptions: Record<string, string>;
  destinationOptions: Record<string, string>;
  /** Destination field → unified users column. */
  mapping: Record<string, string>;
}

export interface PipelineInput {
  /**
   * Scopes every Grouparoo name and property key: unique within the Grouparoo instance
   * (`[a-z0-9]` and single dashes; a shared sandbox Grouparoo needs one unique across orgs).
   */
  slug: string;
  warehouse: WarehouseApp;
  unifiedUsersTable: UnifiedUsersTable;
  destinations: readonly DestinationInput[];
}

export interface EnsuredPipeline {
  /**
   * Grouparoo ids by natural key: `model`, `app:warehouse`, `source:unified_users`,
   * `schedule:unified_users`, `property:<column>`, `app:destination:<name>`, `destination:<name>`.
   */
  ids: Record<string, string>;
  /** The natural keys this call created. */
  created: string[];
  /** The natural keys this call changed (options, mapping, state); apps are not listed, see ensurePipeline. */
  updated: string[];
  /** What the pipeline no longer has and this call removed: `destination:<name>`, `app:destination:<name>`, `property:<column>`. */
  removed: string[];
}

export interface RunView {
  /**
   * running: Grouparoo is still reading the table, importing records or sending exports;
   * complete: everything read was imported and every export settled (sent or failed);
   * stopped: the run was stopped without an error (another run replaced it);
   * failed: Grouparoo stopped the run with an error.
   */
  state: 'running' | 'complete' | 'stopped' | 'failed';
  recordsImported: number;
  /** Exports to the model's destinations since the run began; counted once the import is over, 0 before. */
  exportsCreated: number;
  /** In our words; Grouparoo's own text stays in Grouparoo (its Runs page). */
  error?: string;
}

export interface ExportCounts {
  complete: number;
  failed: number;
  /** Not settled yet: pending or being sent. */
  pending: number;
}

export interface GrouparooSetup {
  /**
   * Everything for one pipeline, found by name (scoped by the slug) or created: an app on the
   * warehouse, a table source on the unified users table keyed by its primary key, a model
   * "<slug> users", a property per column, a schedule for the source (not recurring: Tapestry
   * starts runs), then per destination an app and an export destination tracking the whole model
   * with its mapping. Running it again creates nothing and applies what changed.
   */
  ensurePipeline(input: PipelineInput, o?: CallOptions): Promise<EnsuredPipeline>;
  /** Starts a run of the source's schedule (or returns the one already running, so a retry does not restart it). */
  startSync(ids: Record<string, string>, o?: CallOptions): Promise<{ runId: string }>;
  getRun(runId: string, o?: CallOptions): Promise<RunView>;
  /** Exports to a destination created since a time, by outcome (approximate while exports are still being created). */
  exportCounts(destinationId: string, since: Date, o?: CallOptions): Promise<ExportCounts>;
  /** Removes the pipeline's schedule, destinations, properties, source, records, model and apps; missing is fine. Returns the natural keys removed (plus `records:<n>`). */
  removePipeline(slug: string, o?: CallOptions): Promise<string[]>;
}
