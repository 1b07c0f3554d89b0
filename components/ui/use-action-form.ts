'use client';
// Wires a form to a server action with useActionState. Submits through onSubmit + a
// transition instead of <form action>, because React resets a form after every action
// submission, which would wipe what the user typed when the server answers with field errors.
// After a failure, focus moves to the first invalid field (or stays put for form-level errors).
import { type FormEvent, startTransition, useActionState, useEffect, useRef } from 'react';
import type { ActionResult } from '@/lib/http/server-action';

export type FormAction<T> = (prev: ActionResult<T> | null, form: FormData) => Promise<ActionResult<T>>;

export function useActionForm<T>(action: FormAction<T>, { resetOnSuccess = false } = {}) {
  const [result, dispatch, pending] = useActionState(action, null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const form = formRef.current;
    if (!result || !form) return;
    if (result.ok) {
      if (resetOnSuccess) form.reset();
      return;
    }
    form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [result, resetOnSuccess]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  }

  function errorsFor(name: string): string[] | undefined {
    return result && !result.ok ? result.fieldErrors?.[name] : undefined;
  }

  return { result, pending, onSubmit, formRef, errorsFor };
}
