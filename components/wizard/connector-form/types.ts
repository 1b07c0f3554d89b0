// The contract of the connector configuration form: what the wizard passes in and hears back.
import type { ConnectorForm as ConnectorFormModel, JsonObject, JsonValue } from '@/lib/pipeline/catalog/form-model';

export type SecretOutcome = { ok: true } | { ok: false; message: string };

export interface StoredCredential {
  name: string;
  updatedAt: string;
}

export interface ConnectorFormProps {
  /** From the server (formForConnector). */
  form: ConnectorFormModel;
  /** Current values; a secret field's value is { secret: "<credential name>" } once set, absent otherwise. */
  config: JsonObject;
  /** Server findings: field path (as in FormField.path) → message. They win over the form's own checks. */
  errors?: Record<string, string>;
  /** Unique per form on the page: every element id starts with it (e.g. "sources-0"). */
  idPrefix: string;
  /** Viewers: everything rendered, nothing editable, no secret replace. */
  readOnly?: boolean;
  /** undefined = cleared. */
  onChange(path: string, value: JsonValue | undefined): void;
  /** Switched a oneOf option. */
  onChoice(path: string, discriminator: string, optionValue: string): void;
  /**
   * The user typed a new secret value and pressed Save (or left the field): the parent stores it
   * server-side and afterwards passes config with { secret: name } at that path. Returns a promise
   * so the field can show "Saving…" and an error.
   */
  onSecret(path: string, value: string): Promise<SecretOutcome>;
  /** Stored credentials the user may pick instead of typing a value (names only). */
  credentials?: StoredCredential[];
}
