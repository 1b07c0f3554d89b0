'use client';
import { useRouter } from 'next/navigation';
import { type FormEvent, startTransition, useActionState, useEffect, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { signInErrorMessage, signInWithPassword } from './credentials-client';

type State = { error?: string; done?: boolean };

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const router = useRouter();
  const alertRef = useRef<HTMLParagraphElement>(null);
  const [state, dispatch, pending] = useActionState(async (_prev: State, form: FormData): Promise<State> => {
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (!email || !password) return { error: 'Enter your email and password.' };
    const outcome = await signInWithPassword(email, password, callbackUrl);
    if (!outcome.ok) return { error: signInErrorMessage(outcome) };
    router.replace(callbackUrl);
    return { done: true };
  }, { error: initialError });

  const submitted = useRef(false);
  useEffect(() => {
    // After a failed attempt, move focus to the message so it is read and the form restarts.
    if (submitted.current && state.error) alertRef.current?.focus();
  }, [state]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || state.done) return;
    submitted.current = true;
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {state.error && (
        <p ref={alertRef} tabIndex={-1} role="alert" className="rounded-md border border-danger bg-danger-soft px-3 py-2 text-sm text-fg outline-none">
          <span className="sr-only">Error: </span>
          {state.error}
        </p>
      )}
      <Field label="Email" name="email" type="email" required autoComplete="username" spellCheck={false} />
      <Field label="Password" name="password" type="password" required autoComplete="current-password" />
      <Button type="submit" className="w-full" pending={pending || state.done} pendingLabel={state.done ? 'Opening…' : 'Signing in…'}>
        Sign in
      </Button>
    </form>
  );
}
