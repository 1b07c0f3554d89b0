'use client';
// After an action that made a pipeline answers with its id, open the page for it. Returns true
// from then on, so the button keeps its pending state until the next page replaces this one.
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import type { ActionResult } from '@/lib/http/server-action';

export function useOpenOnSuccess(result: ActionResult<{ id: string }> | null, hrefFor: (id: string) => string): boolean {
  const router = useRouter();
  const id = result?.ok ? result.data?.id : undefined;
  const href = id ? hrefFor(id) : undefined;
  useEffect(() => {
    if (href) router.push(href);
  }, [href, router]);
  return href !== undefined;
}
