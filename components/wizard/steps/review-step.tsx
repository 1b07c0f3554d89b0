// Step 7: everything that will be created, the credentials it needs (a missing one can be set right
// here), and "Save pipeline". Saving checks the whole design on the server; what it finds is listed
// with a link to the step that fixes it.
import { useState } from 'react';
import type { ActionResult } from '@/lib/http/server-action';
import type { ConnectorForm as FormModel } from '@/lib/pipeline/catalog/form-model';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { ConnectorForm } from '../connector-form/connector-form';
import { listedSecrets, type SecretPlace, secretPlacesOf } from '../review-secrets';
import type { JsonPart, SecretResult, WizardCatalog } from '../step-props';
import { FindingsAlert } from '../findings-alert';
import type { WizardStep } from '../wizard-steps';
import { Group, ReviewParts } from './review-parts';

export interface ReviewStepProps {
  draft: JsonPart;
  catalog: WizardCatalog;
  /** Names of the credentials stored for the organization. */
  stored: ReadonlySet<string>;
  readOnly: boolean;
  onSecret(path: string, value: string): Promise<SecretResult>;
  onSave(): Promise<ActionResult<{ version: number }>>;
  stepHref(step: WizardStep): string;
  onGo(step: WizardStep): void;
}

/** One form of the missing secrets' write-only fields, keyed `s0`, `s1`… for the form's dot paths. */
function missingForm(missing: SecretPlace[]): FormModel {
  return {
    kind: 'destination',
    type: 'credentials',
    title: 'Missing credentials',
    groups: [],
    fields: missing.map((p, i) => ({ type: 'field', path: `s${i}`, key: `s${i}`, label: p.label, kind: 'secret', required: true, secret: true })),
  };
}

function Credentials({ places, stored, readOnly, onSecret }: { places: SecretPlace[]; stored: ReadonlySet<string>; readOnly: boolean; onSecret: ReviewStepProps['onSecret'] }) {
  const isSet = (p: SecretPlace) => p.credential !== undefined && stored.has(p.credential);
  const missing = places.filter((p) => !isSet(p));
  if (places.length === 0) return <Group title="Credentials">This design needs no credentials.</Group>;
  return (
    <Group title={<>Credentials {missing.length > 0 ? <Badge tone="danger">{missing.length} missing</Badge> : <Badge tone="success">All set</Badge>}</>}>
      <ul className="space-y-1">
        {places.map((p) => (
          <li key={p.path} className="flex flex-wrap items-center gap-x-2">
            <span>{p.label}:</span>
            {isSet(p) ? <span className="font-medium text-success">Set ✓</span> : <span className="font-medium text-danger">Missing</span>}
            {p.credential && <code className="font-mono text-xs">{p.credential}</code>}
          </li>
        ))}
      </ul>
      {missing.length > 0 && !readOnly && (
        <div className="border-t border-line pt-3">
          <p className="mb-2 text-muted">Set the missing values here. They are stored encrypted and never shown again.</p>
          <ConnectorForm
            form={missingForm(missing)}
            config={{}}
            idPrefix="review-secret"
            onChange={() => undefined}
            onChoice={() => undefined}
            onSecret={(path, value) => {
              const place = missing[Number(path.slice(1))];
              return place ? onSecret(place.path, value) : Promise.resolve({ ok: false, message: 'That field is gone.' });
            }}
          />
        </div>
      )}
    </Group>
  );
}

export function ReviewStep({ draft, catalog, stored, readOnly, onSecret, onSave, stepHref, onGo }: ReviewStepProps) {
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<ActionResult<{ version: number }> | null>(null);
  const places = listedSecrets(secretPlacesOf(draft, catalog));
  const findings = result && !result.ok && result.code === 'VALIDATION' ? result.fieldErrors : undefined;

  async function save() {
    if (saving) return;
    setSaving(true);
    const outcome = await onSave();
    setResult(outcome);
    // On success the page moves on; keep the button busy until it does.
    if (!outcome.ok) setSaving(false);
  }

  return (
    <div className="space-y-6">
      <ReviewParts draft={draft} catalog={catalog} />
      <Credentials places={places} stored={stored} readOnly={readOnly} onSecret={onSecret} />
      {!readOnly && (
        <div className="space-y-3">
          {result && !result.ok && findings ? (
            <FindingsAlert title={result.message} findings={Object.entries(findings).map(([path, messages]) => [path, messages.join(' ')])} link={{ href: stepHref, go: onGo }} />
          ) : (
            <FormMessage result={result} />
          )}
          <div className="flex flex-wrap items-center gap-3">
            <Button pending={saving} pendingLabel="Saving pipeline…" onClick={() => void save()}>
              Save pipeline
            </Button>
            <p className="text-sm text-muted">Saving checks the whole design and makes it the pipeline’s saved design.</p>
          </div>
        </div>
      )}
    </div>
  );
}
