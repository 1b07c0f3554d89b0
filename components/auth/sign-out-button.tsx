'use client';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { signOut } from './credentials-client';

export function SignOutButton() {
  const [pending, startTransition] = useTransition();
  const [failed, setFailed] = useState(false);

  function onClick() {
    setFailed(false);
    startTransition(async () => {
      // A full load, not a client navigation, so nothing of the signed-in app (router cache,
      // component state) survives in this tab.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      if (await signOut()) location.assign('/sign-in');
      else setFailed(true);
    });
  }

  return (
    <div>
      <Button type="button" variant="secondary" className="w-full" pending={pending} onClick={onClick}>
        Sign out
      </Button>
      {failed && (
        <p role="alert" className="mt-2 text-sm text-danger">
          Could not sign out. Check your connection and try again.
        </p>
      )}
    </div>
  );
}
