// The wizard's step list: every step is a real link (open in a new tab works, and a reload lands
// on it), its state in words as well as a mark, and the current one marked aria-current="step".
// A plain click stays in the page, so the shell can save the step being left first.
import type { MouseEvent } from 'react';
import { Spinner } from '@/components/ui/spinner';
import type { WizardStep } from './wizard-steps';

export type StepState = 'complete' | 'findings' | 'not-started';

export interface NavStep {
  step: WizardStep;
  title: string;
  state: StepState;
  href: string;
}

const WORDS: Record<StepState, string> = { complete: 'complete', findings: 'has findings', 'not-started': 'not started' };

const MARK_CLASS: Record<StepState, string> = {
  complete: 'bg-success-soft text-success ring-success',
  findings: 'bg-danger-soft text-danger ring-danger',
  'not-started': 'bg-surface text-muted ring-field',
};

function Mark({ state, number }: { state: StepState; number: number }) {
  return (
    <span aria-hidden="true" className={`flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold ring-1 ${MARK_CLASS[state]}`}>
      {state === 'complete' ? '✓' : state === 'findings' ? '!' : number}
    </span>
  );
}

/** A click the browser should handle itself: new tab or window, download, another button. */
export function isModified(e: MouseEvent): boolean {
  return e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey;
}

interface StepNavProps {
  steps: NavStep[];
  current: WizardStep;
  /** The step being opened (saving the current one first). */
  pending?: WizardStep;
  onGo(step: WizardStep): void;
}

export function StepNav({ steps, current, pending, onGo }: StepNavProps) {
  return (
    <nav aria-label="Wizard steps">
      <ol className="space-y-1">
        {steps.map((s, i) => (
          <li key={s.step}>
            <a
              href={s.href}
              aria-current={s.step === current ? 'step' : undefined}
              onClick={(e) => {
                if (isModified(e)) return;
                e.preventDefault();
                onGo(s.step);
              }}
              className="flex min-h-10 items-center gap-3 rounded-md px-3 py-2 text-sm text-fg no-underline hover:bg-sunken aria-[current=step]:bg-sunken aria-[current=step]:font-semibold"
            >
              {pending === s.step ? <Spinner className="size-6" /> : <Mark state={s.state} number={i + 1} />}
              <span>
                {s.title}
                <span className="sr-only"> ({WORDS[s.state]})</span>
              </span>
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
