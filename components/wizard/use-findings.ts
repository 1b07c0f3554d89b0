'use client';
// Each step's findings — the server's, from the page and from every save — and which of them show.
// A finding shows at a field once the person changed it and moved on (blur), and all of a step's
// show once they tried to leave it with Next, or for the steps they had passed before this visit:
// nobody is greeted with "Required" under every field of a step they have not started.
import { useRef, useState } from 'react';
import { visibleFindings } from './draft-paths';
import { stepForPath, type WizardStep } from './wizard-steps';

export type StepFindings = Record<WizardStep, Record<string, string>>;

export function useFindings(initial: StepFindings, revealedAtStart: readonly WizardStep[]) {
  const [findings, setFindings] = useState(initial);
  // The same, current in event handlers that ran across an await.
  const latest = useRef(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const changedSinceBlur = useRef(new Set<string>());
  const [revealed, setRevealed] = useState<ReadonlySet<WizardStep>>(() => new Set(revealedAtStart));

  function update(change: (all: StepFindings) => StepFindings) {
    latest.current = change(latest.current);
    setFindings(latest.current);
  }

  return {
    findings,
    latest: (step: WizardStep) => latest.current[step],
    /** A save's answer: the step's findings as they are now. */
    replace: (step: WizardStep, errors: Record<string, string>) => update((all) => ({ ...all, [step]: errors })),
    /** Findings from elsewhere ("Save pipeline", a failed Test connection), each added to its step. */
    add(errors: Record<string, string>) {
      update((all) => {
        const next = { ...all };
        for (const [path, message] of Object.entries(errors)) next[stepForPath(path)] = { ...next[stepForPath(path)], [path]: message };
        return next;
      });
    },
    /** A finding answered in place (a secret stored there). */
    clear(path: string) {
      update((all) => {
        const { [path]: _answered, ...rest } = all[stepForPath(path)];
        return { ...all, [stepForPath(path)]: rest };
      });
    },
    changed: (paths: string[]) => paths.forEach((path) => changedSinceBlur.current.add(path)),
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
