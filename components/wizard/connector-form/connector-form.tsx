'use client';
// The settings of one connector, rendered from its form model (made on the server from Airbyte's
// JSON schema): the schema's groups as fieldsets, the fields in display order, choices with their
// chosen option's fields. Fully controlled: values live in the parent's `config`, every edit is
// reported through the callbacks, and secrets go out through onSecret only (see SecretField).
import type { FormNode } from '@/lib/pipeline/catalog/form-model';
import { FormContext } from './form-context';
import { FormNodes, isShown } from './form-nodes';
import type { ConnectorFormProps } from './types';
import { UnplacedProblems } from './unplaced-problems';

/** Whether any field shown, or in any option of a choice, must be filled. */
function anyRequired(nodes: FormNode[]): boolean {
  return nodes.some((n) => isShown(n) && (n.required || (n.type === 'choice' && n.options.some((o) => anyRequired(o.fields)))));
}

export type { ConnectorFormProps, SecretOutcome, StoredCredential } from './types';

export function ConnectorForm(props: ConnectorFormProps) {
  const { form } = props;
  const groupIds = new Set(form.groups.map((g) => g.id));
  const ungrouped = form.fields.filter((n) => n.group === undefined || !groupIds.has(n.group));
  const groups = form.groups
    .map((group) => ({ group, nodes: form.fields.filter((n) => n.group === group.id) }))
    .filter(({ nodes }) => nodes.some(isShown));
  return (
    <FormContext value={props}>
      <div className="space-y-6">
        {anyRequired(form.fields) && (
          // Hidden from screen readers: each of those labels says "(required)" itself.
          <p aria-hidden="true" className="text-sm text-muted">
            Fields marked <span className="text-danger">*</span> are required.
          </p>
        )}
        <UnplacedProblems form={form} config={props.config} errors={props.errors} />
        {ungrouped.some(isShown) && <FormNodes nodes={ungrouped} />}
        {groups.map(({ group, nodes }) => (
          <fieldset key={group.id} className="rounded-lg border border-line bg-surface p-4 sm:p-5">
            <legend className="px-1 text-base font-semibold">{group.title}</legend>
            <FormNodes nodes={nodes} />
          </fieldset>
        ))}
      </div>
    </FormContext>
  );
}
