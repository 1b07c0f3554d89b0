'use client';
// For buttons whose result this page does not see (ActionButton, ConfirmDialog): the action,
// followed by opening another page when it succeeds.
import { useRouter } from 'next/navigation';
import type { ActionResult } from '@/lib/http/server-action';

type Action<T> = (prev: unknown, form: FormData) => Promise<ActionResult<T>>;

export function useThenOpen<T>(action: Action<T>, hrefFor: (result: ActionResult<T> & { ok: true }) => string): Action<T> {
  const router = useRouter();
  return async (prev, form) => {
    const result = await action(prev, form);
    if (result.ok) router.push(hrefFor(result));
    return result;
  };
}
