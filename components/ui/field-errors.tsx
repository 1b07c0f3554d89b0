// The messages for one field, next to it. Prefixed with an icon and the word "Error" for
// screen readers, so the state is never carried by colour alone.
export function FieldErrors({ id, errors }: { id?: string; errors?: string[] }) {
  if (!id || !errors?.length) return null;
  return (
    <div id={id} className="mt-1 space-y-0.5 text-sm text-danger">
      {errors.map((message) => (
        <p key={message} className="flex gap-1.5">
          <svg className="mt-0.5 size-4 shrink-0" viewBox="0 0 20 20" fill="currentColor" aria-hidden="true">
            <path d="M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm-.75 4.5h1.5v5h-1.5v-5Zm0 6.5h1.5v1.5h-1.5V13Z" />
          </svg>
          <span>
            <span className="sr-only">Error: </span>
            {message}
          </span>
        </p>
      ))}
    </div>
  );
}
