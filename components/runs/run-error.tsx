// Why a run or a stage failed, in Tapestry's words (never a vendor's raw message): what happened,
// why, and what to do next (UX-6).
import type { RunError } from '@/lib/dal/runs/run-detail';

export function RunErrorNotice({ error, heading = 'h2' }: { error: RunError; heading?: 'h2' | 'h3' | 'h4' }) {
  const Heading = heading;
  return (
    <div className="rounded-md border border-danger bg-danger-soft px-4 py-3 text-sm">
      <Heading className="font-semibold">
        <span className="sr-only">Error: </span>
        {error.title}
      </Heading>
      <p className="mt-1">{error.cause}</p>
      {error.hint && (
        <p className="mt-1">
          <span className="font-medium">What to do: </span>
          {error.hint}
        </p>
      )}
    </div>
  );
}
