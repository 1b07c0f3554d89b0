// Step 5: how the raw tables become unified users — dbt Core run as an ECS task in the pipeline's
// stack (over Tapestry's ready model set or the team's own dbt project), or a job in dbt Cloud.
// Switching between them keeps what was typed for the other, for this visit.
import { useState } from 'react';
import { recordOf } from '@/lib/pipeline/spec/draft-values';
import type { JsonPart, StepEditorProps } from '../step-props';
import { DBT_CLOUD_FORM, GIT_MODELS_FORM } from './built-in-forms';
import { ConnectorSettings } from './connector-settings';
import { RadioCards } from './radio-cards';
import { TextField } from './text-field';

type Kind = 'dbt_core_ecs' | 'dbt_cloud';
type Models = 'unified_users' | 'git';

/** Tapestry's ready model set (UNIFIED_USERS_MODELS in lib/pipeline/spec/transformation.ts). */
const UNIFIED = 'unified_users';

const KINDS = [
  { value: 'dbt_core_ecs' as const, title: 'dbt Core on ECS', description: 'Tapestry runs dbt Core as a task in the pipeline’s ECS cluster after each sync.' },
  { value: 'dbt_cloud' as const, title: 'dbt Cloud job', description: 'Tapestry triggers a job in your dbt Cloud account after each sync and waits for it.' },
];

const MODELS = [
  {
    value: 'unified_users' as const,
    title: 'Tapestry’s unified users models',
    description:
      'A ready dbt project: a staging model per source, and unified_users — one row per email address, coalescing first and last names across all your sources (email, first_name, last_name, full_name). Destinations map their fields from it.',
  },
  { value: 'git' as const, title: 'Your dbt project in git', description: 'Your own models, cloned from a repository at each run.' },
];

function selectList(text: string): string[] | undefined {
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return names.length > 0 ? names : undefined;
}

const selectText = (value: unknown) => (Array.isArray(value) ? value.join(', ') : '');

export function TransformationStep({ value, onChange, errors, readOnly, onSecret, credentials }: StepEditorProps<JsonPart>) {
  const kind: Kind | undefined = value?.kind === 'dbt_core_ecs' || value?.kind === 'dbt_cloud' ? value.kind : undefined;
  const part = value ?? {};
  const [other, setOther] = useState<Partial<Record<Kind, JsonPart>>>({});
  const [lastGit, setLastGit] = useState<JsonPart>(recordOf(part.models));
  // The text as typed ("a, b, ") while the draft holds the list it stands for.
  const [typed, setTyped] = useState(() => ({ text: selectText(part.select), list: JSON.stringify(part.select ?? null) }));
  const shownSelect = typed.list === JSON.stringify(part.select ?? null) ? typed.text : selectText(part.select);

  const models: Models | undefined = part.models === UNIFIED ? 'unified_users' : typeof part.models === 'object' && part.models !== null ? 'git' : undefined;
  const git = models === 'git' ? recordOf(part.models) : undefined;
  const select: JsonPart = part.select === undefined ? {} : { select: part.select };

  function chooseKind(next: Kind) {
    if (next === kind) return;
    if (kind) setOther({ ...other, [kind]: part });
    const kept = other[next];
    onChange(kept ? { ...kept, ...select } : next === 'dbt_core_ecs' ? { kind: next, models: UNIFIED, ...select } : { kind: next, ...select });
  }

  function chooseModels(next: Models) {
    if (next === models) return;
    if (git) setLastGit(git);
    onChange({ ...part, models: next === 'git' ? { branch: 'main', path: '.', ...lastGit } : UNIFIED });
  }

  function typeSelect(text: string) {
    const list = selectList(text);
    setTyped({ text, list: JSON.stringify(list ?? null) });
    const { select: _dropped, ...rest } = part;
    onChange(list ? { ...rest, select: list } : rest);
  }

  const settings = { errors, readOnly, credentials, onSecret, heading: 'h3' as const };
  const selectError = errors['transformation.select'] ?? Object.entries(errors).find(([p]) => p.startsWith('transformation.select['))?.[1];

  return (
    <div className="space-y-6">
      <RadioCards name="transformation-kind" legend="How should dbt run?" options={KINDS} value={kind} onChange={chooseKind} readOnly={readOnly} error={kind === 'dbt_cloud' ? undefined : errors.transformation} />

      {kind === 'dbt_core_ecs' && (
        <div className="space-y-4">
          <RadioCards name="transformation-models" legend="Which models?" options={MODELS} value={models} onChange={chooseModels} readOnly={readOnly} error={git ? undefined : errors['transformation.models']} />
          {git && (
            <ConnectorSettings {...settings} title="dbt project" form={GIT_MODELS_FORM} config={git} at="transformation.models" idPrefix="transformation-git" onConfig={(next) => onChange({ ...part, models: next })} />
          )}
        </div>
      )}

      {kind === 'dbt_cloud' && (
        <ConnectorSettings {...settings} title="dbt Cloud job" form={DBT_CLOUD_FORM} config={part} at="transformation" idPrefix="transformation-cloud" onConfig={onChange} />
      )}

      {kind && (
        <TextField
          id="transformation-select"
          label="Select (optional)"
          value={shownSelect}
          readOnly={readOnly}
          placeholder="unified_users+, tag:daily"
          hint="dbt node selection (--select), comma separated. Every model runs when empty."
          errors={selectError ? [selectError] : undefined}
          onText={typeSelect}
        />
      )}
    </div>
  );
}
