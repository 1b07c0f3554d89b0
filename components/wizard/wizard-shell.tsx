'use client';
// The pipeline wizard around its step editors: the draft in state, autosaved as it changes; the
// step list; Back and Next, where Next stays on a step that still has findings and shows them.
// Steps switch in the page (the URL follows with history.pushState, so reload, links and the Back
// button all work) rather than through a server round trip: the draft, the save queue and its
// version stay as they are, and moving on is instant once the step is saved.
import { usePathname, useRouter } from 'next/navigation';
import { type MouseEvent, type ReactNode, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Button } from '@/components/ui/button';
import type { JsonValue } from '@/lib/pipeline/catalog/form-model';
import type { DraftTestResult } from '@/lib/services/pipelines/test-connection';
import { recordOf, textOf } from '@/lib/pipeline/spec/draft-values';
import { changedPaths, parseSpecPath, withValueAt } from './draft-paths';
import { FindingsAlert } from './findings-alert';
import { DestinationsStep, NameStep, preloadSteps, ReviewStep, SourcesStep, TargetStep, TestConnectionButton, TransformationStep, WarehouseStep } from './step-editors';
import { type NavStep, StepNav } from './step-nav';
import type { CredentialOption, JsonPart, SecretResult, WizardCatalog } from './step-props';
import { useAutosave } from './use-autosave';
import { type StepFindings, useFindings } from './use-findings';
import { WizardHeader } from './wizard-header';
import { STEP_TITLES, STEPS, stepForPath, stepKeys, stepOfUrl, type WizardStep } from './wizard-steps';

export type { StepFindings };

export interface WizardShellProps {
  org: string;
  pipelineId: string;
  /** The pipeline's name as stored, until the draft names it. */
  name: string;
  version: number;
  /** The draft's parts (no step). */
  draft: JsonPart;
  /** The step the page was opened at. */
  initialStep: WizardStep;
  /** Each step's findings for `draft`, from the server. */
  findings: StepFindings;
  catalog: WizardCatalog;
  credentials: CredentialOption[];
  /** Why this person cannot change the pipeline now; absent when they can. */
  readOnlyNote?: string;
}

function pick(draft: JsonPart, keys: readonly string[]): JsonPart {
  return Object.fromEntries(keys.filter((k) => draft[k] !== undefined).map((k) => [k, draft[k]!]));
}

const noSubscription = () => () => undefined;

function stateOf(step: WizardStep, draft: JsonPart, findings: StepFindings): NavStep['state'] {
  if (step === 'review') return STEPS.every((s) => s === 'review' || Object.keys(findings[s]).length === 0) ? 'complete' : 'findings';
  if (Object.keys(findings[step]).length === 0) return 'complete';
  return stepKeys(step).every((key) => draft[key] === undefined) ? 'not-started' : 'findings';
}

export function WizardShell(props: WizardShellProps) {
  const { org, pipelineId, catalog, credentials, readOnlyNote } = props;
  const router = useRouter();
  const step = stepOfUrl(usePathname()) ?? props.initialStep;
  const hrefFor = (s: WizardStep) => `/${org}/pipelines/${pipelineId}/edit/${s}`;

  const [draft, setDraft] = useState(props.draft);
  const draftRef = useRef(props.draft);
  const found = useFindings(props.findings, readOnlyNote ? STEPS : STEPS.slice(0, STEPS.indexOf(props.initialStep)));
  const [stored, setStored] = useState(() => new Set(credentials.map((c) => c.name)));
  const [moving, setMoving] = useState<{ to: WizardStep; via: 'back' | 'next' | 'list' } | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  const nextButton = useRef<HTMLButtonElement>(null);
  const autoAdvance = useRef<ReturnType<typeof setTimeout>>(undefined);

  const { queue, state, everSaved, storeSecret, saveDesign } = useAutosave({
    org,
    pipelineId,
    version: props.version,
    partsFor: (s) => JSON.stringify(pick(draftRef.current, stepKeys(s as WizardStep))),
    onSaved: (s, errors, current) => {
      if (current && s !== 'review') found.replace(s as WizardStep, errors);
    },
  });
  const editable = !readOnlyNote && state.status !== 'conflict';
  // False while the server's HTML is on screen but not yet live: its controls stay disabled, so
  // nothing typed in that moment is silently dropped when React takes over.
  const live = useSyncExternalStore(noSubscription, () => true, () => false);

  function commit(next: JsonPart) {
    draftRef.current = next;
    setDraft(next);
  }

  function edit(s: WizardStep, next: JsonValue) {
    const keys = stepKeys(s);
    const before = pick(draftRef.current, keys);
    const after = pick(s === 'name' ? recordOf(next) : { [s]: next }, keys);
    found.changed(changedPaths(before, after));
    clearTimeout(autoAdvance.current);
    const merged: JsonPart = { ...draftRef.current };
    for (const key of keys) delete merged[key];
    commit({ ...merged, ...after });
    queue.change(s);
  }

  async function onSecret(path: string, value: string): Promise<SecretResult> {
    const at = parseSpecPath(path);
    if (!at) return { ok: false, message: 'That field does not take a secret.' };
    const outcome = await storeSecret(path, value, (name) => {
      const next = withValueAt(draftRef.current, at, { secret: name });
      if (next) commit(next);
      setStored((prev) => new Set(prev).add(name));
      // A stored reference is what that place asked for (the review sets secrets of other steps).
      found.clear(path);
    });
    // Fresh findings for the step, now that the reference is there.
    if (outcome.ok && stepForPath(path) === step && step !== 'review') queue.move(step);
    return outcome;
  }

  async function go(to: WizardStep, via: 'back' | 'next' | 'list') {
    if (moving || to === step) return;
    setMoving({ to, via });
    try {
      if (editable) {
        found.leftAField();
        // Moving on from a list step left empty says "none" (the spec wants the list, maybe empty).
        if (via === 'next' && (step === 'sources' || step === 'destinations') && draftRef.current[step] === undefined) edit(step, []);
        if (!(await queue.flush())) return;
        if (via === 'next' && Object.keys(found.latest(step)).length > 0) {
          found.reveal([step]);
          setFocusRequest((n) => n + 1);
          return;
        }
      }
      window.history.pushState(null, '', hrefFor(to));
    } finally {
      setMoving(null);
    }
  }

  /** A failure names the field to fix; a success on a one-connection step moves on after 2 s (UX-1) unless editing resumes. */
  function onTested(subject: string, result: DraftTestResult) {
    if (result.ok) {
      clearTimeout(autoAdvance.current);
      if (subject === 'target' || subject === 'warehouse') autoAdvance.current = setTimeout(() => nextButton.current?.click(), 2000);
      return;
    }
    if (!result.field) return;
    found.add({ [result.field]: result.message });
    found.touch(result.field);
  }

  /**
   * Test connection reads the saved draft: edited values still on their way go first (the button
   * answers once they are saved; a step move alone changes nothing it reads, so it never waits).
   */
  function saveBeforeTesting(e: MouseEvent) {
    if (!queue.hasUnsavedValues()) return;
    e.preventDefault();
    e.stopPropagation();
    const target = e.target as HTMLElement;
    void queue.flush().then((saved) => saved && target.click());
  }

  // A new step (by Next, the list, or the browser's Back): its heading takes focus for screen
  // readers, and the draft records it as where to resume.
  const shownStep = useRef(step);
  useEffect(() => {
    if (shownStep.current !== step) {
      shownStep.current = step;
      heading.current?.focus({ preventScroll: true });
      window.scrollTo({ top: 0 });
      if (editable) queue.move(step);
    }
    return () => clearTimeout(autoAdvance.current);
  }, [step, editable, queue]);

  useEffect(() => {
    // Once the page is idle, so the step on screen and its hydration come first.
    const idle = (run: () => void) => (window.requestIdleCallback ? window.requestIdleCallback(() => run()) : window.setTimeout(run, 1000));
    preloadSteps(idle);
  }, []);

  useEffect(() => {
    if (focusRequest === 0) return;
    const invalid = body.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid] input');
    (invalid ?? summary.current)?.focus();
  }, [focusRequest]);

  const stepIndex = STEPS.indexOf(step);
  const prev = STEPS[stepIndex - 1];
  const next = STEPS[stepIndex + 1];
  const open = found.isRevealed(step) && step !== 'review' ? Object.entries(found.findings[step]) : [];

  const common = {
    errors: found.shown(step),
    catalog,
    readOnly: !editable,
    onSecret,
    credentials,
    testSlot: editable
      ? (subject: string): ReactNode => (
          <div onClickCapture={saveBeforeTesting}>
            <TestConnectionButton org={org} pipelineId={pipelineId} subject={subject} onResult={(result) => onTested(subject, result)} />
          </div>
        )
      : undefined,
  };
  const part = (key: string) => (draft[key] === undefined ? undefined : recordOf(draft[key]));
  const list = (key: string) => (Array.isArray(draft[key]) ? (draft[key] as JsonPart[]) : undefined);
  const editors: Record<WizardStep, () => ReactNode> = {
    name: () => <NameStep {...common} value={pick(draft, ['name', 'slug'])} onChange={(v) => edit('name', v)} />,
    target: () => <TargetStep {...common} value={part('target')} onChange={(v) => edit('target', v)} />,
    warehouse: () => <WarehouseStep {...common} value={part('warehouse')} onChange={(v) => edit('warehouse', v)} />,
    sources: () => <SourcesStep {...common} value={list('sources')} onChange={(v) => edit('sources', v)} />,
    transformation: () => <TransformationStep {...common} value={part('transformation')} onChange={(v) => edit('transformation', v)} />,
    destinations: () => <DestinationsStep {...common} value={list('destinations')} onChange={(v) => edit('destinations', v)} />,
    review: () => (
      <ReviewStep
        draft={draft}
        catalog={catalog}
        stored={stored}
        readOnly={!editable}
        onSecret={onSecret}
        onSave={async () => {
          const result = await saveDesign();
          if (result.ok) router.push(`/${org}/pipelines/${pipelineId}`);
          else if (result.code === 'VALIDATION' && result.fieldErrors) {
            // What "Save pipeline" found goes to its steps, shown there at once.
            found.add(Object.fromEntries(Object.entries(result.fieldErrors).map(([path, messages]) => [path, messages.join(' ')])));
            found.reveal(STEPS);
          }
          return result;
        }}
        stepHref={hrefFor}
        onGo={(s) => void go(s, 'list')}
      />
    ),
  };

  const navSteps: NavStep[] = STEPS.map((s) => ({ step: s, title: STEP_TITLES[s], state: stateOf(s, draft, found.findings), href: hrefFor(s) }));

  return (
    <div>
      <WizardHeader
        title={textOf(draft.name).trim() || props.name || 'Untitled pipeline'}
        pipelineHref={`/${org}/pipelines/${pipelineId}`}
        stepNumber={stepIndex + 1}
        stepCount={STEPS.length}
        target={{ kind: recordOf(draft.target).kind, region: textOf(recordOf(draft.target).region) }}
        saving={readOnlyNote ? undefined : { state, everSaved, onRetry: () => void queue.flush() }}
        readOnlyNote={readOnlyNote}
      />

      <div className="grid gap-8 md:grid-cols-[13rem_minmax(0,1fr)]">
        <StepNav steps={navSteps} current={step} pending={moving?.via === 'list' ? moving.to : undefined} onGo={(s) => void go(s, 'list')} />
        <section aria-labelledby="wizard-step-title">
          <h2 id="wizard-step-title" ref={heading} tabIndex={-1} className="mb-4 text-xl font-semibold">
            {STEP_TITLES[step]}
          </h2>
          <div
            ref={body}
            onBlur={() => {
              found.leftAField();
              // Leaving a field saves it now rather than after the pause.
              if (editable && queue.hasUnsaved()) void queue.flush();
            }}
          >
            {/* Disabling a fieldset disables every control in it and changes nothing else (no layout shift). */}
            <fieldset disabled={!live} className="m-0 min-w-0 border-0 p-0">
              {editors[step]()}
            </fieldset>
          </div>
          {open.length > 0 && (
            <div className="mt-6">
              <FindingsAlert ref={summary} title={`${open.length === 1 ? 'One thing' : `${open.length} things`} to fix before going on:`} findings={open} />
            </div>
          )}
          <div className="mt-8 flex flex-wrap items-center justify-between gap-3 border-t border-line pt-4">
            {prev ? (
              <Button variant="secondary" pending={moving?.via === 'back'} onClick={() => void go(prev, 'back')}>
                Back
              </Button>
            ) : (
              <span />
            )}
            {next && (
              <Button ref={nextButton} pending={moving?.via === 'next'} onClick={() => void go(next, 'next')}>
                Next: {STEP_TITLES[next]}
              </Button>
            )}
          </div>
        </section>
      </div>
    </div>
  );
}
