'use client';
// One connector configuration inside a step's part (`warehouse.config`, `sources[2].config`, …):
// the connector form with the step's findings and secret paths translated between the form's dot
// paths and the spec's, choices applied as Airbyte applies them, and a finding about the whole
// configuration shown above it.
import type { ReactNode } from 'react';
import type { ConnectorForm as FormModel, JsonObject } from '@/lib/pipeline/catalog/form-model';
import { errorsBelow, withChoice, withValue } from '@/lib/pipeline/spec/connector-config-edit';
import { FieldErrors } from '@/components/ui/field-errors';
import { ConnectorForm } from '@/components/wizard/connector-form/connector-form';
import type { CredentialOption, SecretResult } from '@/components/wizard/step-props';

interface ConnectorSettingsProps {
  title: string;
  /** h3 for the warehouse step's one form, h4 inside a source's or destination's card. */
  heading: 'h3' | 'h4';
  /** Shown under the form: the Test connection control. */
  footer?: ReactNode;
  form: FormModel;
  config: JsonObject;
  /** Where the configuration sits in the spec, e.g. `sources[0].config`. */
  at: string;
  /** The step's findings, by full spec path. */
  errors: Record<string, string>;
  idPrefix: string;
  readOnly: boolean;
  credentials: CredentialOption[];
  onConfig(config: JsonObject): void;
  /** The step's onSecret: takes the full spec path. */
  onSecret(path: string, value: string): Promise<SecretResult>;
}

export function ConnectorSettings({ title, heading: Heading, footer, form, config, at, errors, idPrefix, readOnly, credentials, onConfig, onSecret }: ConnectorSettingsProps) {
  // The form lists findings about settings it has no input for; one about the whole configuration is ours.
  const own = errors[at];
  return (
    <section aria-labelledby={`${idPrefix}-settings-title`} className="space-y-4">
      <Heading id={`${idPrefix}-settings-title`} className="text-base font-semibold">
        {title}
      </Heading>
      <FieldErrors id={own ? `${idPrefix}-config-error` : undefined} errors={own ? [own] : undefined} />
      <ConnectorForm
        form={form}
        config={config}
        errors={errorsBelow(errors, at)}
        idPrefix={idPrefix}
        readOnly={readOnly}
        credentials={credentials}
        onChange={(path, value) => onConfig(withValue(config, path, value))}
        onChoice={(path, discriminator, option) => onConfig(withChoice(form, config, path, discriminator, option))}
        onSecret={(path, value) => onSecret(`${at}.${path}`, value)}
      />
      {footer}
    </section>
  );
}
