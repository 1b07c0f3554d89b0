// The contract between the wizard shell and each step's editor. The shell owns the draft, the
// autosave and the step navigation; a step editor renders its part of the draft and reports
// changes. Everything here crosses the server/client boundary as plain data.
import type { ConnectorForm, JsonValue } from '@/lib/pipeline/catalog/form-model';

export interface CredentialOption {
  name: string;
  updatedAt: string;
}

export type SecretResult = { ok: true } | { ok: false; message: string };

/** What the server prepares for the wizard: every form a step may need, built from the real schemas. */
export interface WizardCatalog {
  /** Airbyte source connectors: type → form; plus display data for the picker. */
  sources: { type: string; displayName: string; category: string; form: ConnectorForm }[];
  /** Warehouse (Airbyte destination) connectors: snowflake, postgres. */
  warehouses: { type: string; displayName: string; form: ConnectorForm }[];
  /** Grouparoo destinations, with the fields a mapping must / may fill. */
  destinations: {
    type: string;
    displayName: string;
    form: ConnectorForm;
    mapping: { field: string; label: string; required: boolean; suggested?: string }[];
  }[];
  unifiedUserColumns: string[];
  awsRegions: string[];
  /** True when a local sandbox is running (target "sandbox" can be tested and Kickstarted). */
  sandboxAvailable: boolean;
}

export interface StepEditorProps<V> {
  /** The step's current part of the draft (possibly incomplete or invalid; never trust its shape). */
  value: V | undefined;
  /** Report a new value for the part; the shell autosaves it (debounced) and re-validates. */
  onChange(value: V): void;
  /** Findings for this step from the server: full paths as the spec formats them, e.g. `sources[0].config.start_date`. */
  errors: Record<string, string>;
  catalog: WizardCatalog;
  readOnly: boolean;
  /** Store a typed secret for the draft path (e.g. `sources[0].config.client_secret`); the shell then puts { secret } there. */
  onSecret(path: string, value: string): Promise<SecretResult>;
  credentials: CredentialOption[];
}

export type JsonPart = Record<string, JsonValue>;
