'use client';
// Each step's findings and which of them show. Two sources: the server's validation of the step
// (from the page, then every save's answer, which replaces them), and findings from elsewhere that
// a step save cannot see — "Save pipeline" naming a credential that is not stored, a failed Test
// connection naming a field — kept until that field changes or gets its secret.
// A finding shows at a field once the person changed it and moved on (blur), and all of a step's
// show once they tried to leave it with Next, or for the steps they had passed before this visit:
// nobody is greeted with "Required" under every field of a step they have not started.
import { useRef, useState } from 'react';
import { pathsMeet, visibleFindings } from './draft-paths';
import { STEPS, stepForPath, type WizardStep } from './wizard-steps';

export type StepFindings = Record<WizardStep, Record<string, string>>;

const none = () => Object.fromEntries(STEPS.map((s) => [s, {}])) as StepFindings;

function merge(server: StepFindings, extra: StepFindings): StepFindings {
  return Object.fromEntries(STEPS.map((s) => [s, { ...server[s], ...extra[s] }])) as StepFindings;
}

function without(all: StepFindings, drop: (path: string) => boolean): StepFindings {
  return Object.fromEntries(STEPS.map((s) => [s, Object.fromEntries(Object.entries(all[s]).filter(([path]) => !drop(path)))])) as StepFindings;
}

export function useFindings(initial: StepFindings, revealedAtStart: readonly WizardStep[]) {
  const [lists, setLists] = useState({ server: initial, extra: none() });
  // The same, current in event handlers that ran across an await.
  const latest = useRef(lists);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const changedSinceBlur = useRef(new Set<string>());
  const [revealed, setRevealed] = useState<ReadonlySet<WizardStep>>(() => new Set(revealedAtStart));
  const findings = merge(lists.server, lists.extra);

  function update(change: (now: typeof lists) => typeof lists) {
    latest.current = change(latest.current);
    setLists(latest.current);
  }

  return {
    findings,
    latest: (step: WizardStep) => merge(latest.current.server, latest.current.extra)[step],
    /** A save's answer: the step's own findings as they are now. */
    replace: (step: WizardStep, errors: Record<string, string>) => update((now) => ({ ...now, server: { ...now.server, [step]: errors } })),
    /** Findings from elsewhere, each added to its step. */
    add(errors: Record<string, string>) {
      update((now) => {
        const extra = { ...now.extra };
        for (const [path, message] of Object.entries(errors)) extra[stepForPath(path)] = { ...extra[stepForPath(path)], [path]: message };
        return { ...now, extra };
      });
    },
    /** A finding answered in place (a secret stored there). */
    clear: (path: string) => update((now) => ({ server: without(now.server, (p) => p === path), extra: without(now.extra, (p) => p === path) })),
    /**
     * Edited: no finding about these places holds any more until the save's answer says so again.
     * Server findings go too: shown on the blur that a click on Next causes, a stale "Required"
     * would push the buttons down between press and release, and the click would be lost.
     */
    changed(paths: string[]) {
      paths.forEach((path) => changedSinceBlur.current.add(path));
      const stale = (p: string) => paths.some((changed) => pathsMeet(p, changed));
      const holds = (lists: typeof latest.current.extra) => STEPS.some((s) => Object.keys(lists[s]).some(stale));
      if (holds(latest.current.extra) || holds(latest.current.server)) update((now) => ({ server: without(now.server, stale), extra: without(now.extra, stale) }));
    },
    /** Focus left a field: what changed since may show its findings now. */
    leftAField() {
      const changed = changedSinceBlur.current;
      if (changed.size === 0) return;
      changedSinceBlur.current = new Set();
      setTouched((prev) => new Set([...prev, ...changed]));
    },
    touch: (path: string) => setTouched((prev) => new Set(prev).add(path)),
    reveal: (steps: readonly WizardStep[]) => setRevealed((prev) => new Set([...prev, ...steps])),
    isRevealed: (step: WizardStep) => revealed.has(step),
    shown: (step: WizardStep) => visibleFindings(findings[step], touched, revealed.has(step)),
  };
}
