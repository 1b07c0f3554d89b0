// The form model: a plain, serialisable description of a connector's settings that the wizard
// renders (it crosses the server/client boundary, so no functions, classes or undefined-only
// tricks). Made from a connector's JSON schema by schema-to-form.ts; validation of what the user
// typed lives beside it in validate-config.ts, against the same schema.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Airbyte's two connector roles: where data comes from, and the warehouse it lands in. */
export type ConnectorKind = 'source' | 'destination';

/**
 * How one field is edited.
 * - `text`, `secret` (write-only: shown as "set", never echoed back), `integer`, `number`, `boolean`
 * - `enum`: pick one of `options`; `multi-enum`: pick several of `options`
 * - `string-list`: a list of free strings (e.g. Postgres schemas)
 * - `date`, `date-time`: a date or timestamp typed as text in the shape `patternHint` names
 * - `json`: anything the other kinds cannot express (arrays of objects, free-form objects),
 *   edited as JSON text rather than dropped
 */
export type FieldKind =
  | 'text'
  | 'secret'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'enum'
  | 'multi-enum'
  | 'string-list'
  | 'date'
  | 'date-time'
  | 'json';

export interface FieldOption {
  value: string | number;
  label: string;
}

export interface FormField {
  type: 'field';
  /** Dot path of the value in the configuration, e.g. `credentials.password`. */
  path: string;
  /** The last segment of `path`. */
  key: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  /** Write-only (Airbyte's `airbyte_secret`): never sent back to the browser once stored. */
  secret: boolean;
  /** Certificates, keys: a text area rather than a one-line input. */
  multiline?: boolean;
  default?: JsonValue;
  /**
   * A fixed value the form sets without showing it (`sourceType`, `auth_type` discriminators).
   * Fields with a `const` are hidden.
   */
  const?: JsonValue;
  pattern?: string;
  /** The expected shape in words, e.g. `YYYY-MM-DDTHH:mm:ssZ` (set whenever `pattern` is). */
  patternHint?: string;
  /** A sample of the expected shape for an empty input. */
  placeholder?: string;
  min?: number;
  max?: number;
  options?: FieldOption[];
  /** The group id (see `ConnectorForm.groups`) the field belongs to, if the schema groups fields. */
  group?: string;
  /** Title of the nested object this field was flattened out of, e.g. "Authentication". */
  section?: string;
}

export interface ChoiceOption {
  /** The discriminator's value for this option, e.g. `Key Pair Authentication`. */
  value: string;
  label: string;
  /** The option's own fields (paths below the choice's path), discriminator included as a const. */
  fields: FormNode[];
}

/**
 * A `oneOf` in the schema: the user picks one option, each with its own fields, e.g. Snowflake's
 * authorization method or Postgres's SSL mode. The option picked is recorded in the property
 * `discriminator` of the object at `path`.
 */
export interface FormChoice {
  type: 'choice';
  path: string;
  key: string;
  label: string;
  required: boolean;
  /** Property inside the object at `path` whose const value names the option. */
  discriminator: string;
  /** Value of the option picked first: the schema's default, else the first option. */
  defaultOption: string;
  options: ChoiceOption[];
  group?: string;
  section?: string;
}

export type FormNode = FormField | FormChoice;

export interface FormGroup {
  id: string;
  title: string;
}

export interface ConnectorForm {
  /** `source`/`destination` for Airbyte connectors, `grouparoo` for reverse-ETL destinations. */
  kind: ConnectorKind | 'grouparoo';
  type: string;
  title: string;
  /** Display groups in their schema order; a field's `group` refers to one of these ids. */
  groups: FormGroup[];
  /** In display order: by the schema's `order`, then required before optional, then schema order. */
  fields: FormNode[];
}

/**
 * What validation answers: the configuration to store (blanks removed, hidden consts filled in)
 * or one plain-words message per field path (`_form` for the configuration as a whole).
 */
export type ConfigValidation = { ok: true; value: JsonObject } | { ok: false; errors: Record<string, string> };
