'use client';
// Keeps a run's page current while the worker advances it: a server refresh every 3 s (the page
// re-reads the run; no client-side data code), stopped as soon as the page renders a finished
// run, and skipped while the tab is hidden so a forgotten tab costs nothing.
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

export const REFRESH_MS = 3_000;

export function RunRefresher({ active }: { active: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (!document.hidden) router.refresh();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [active, router]);
  return active ? <p className="text-xs text-muted">This page updates every 3 seconds while the run is in progress.</p> : null;
}
