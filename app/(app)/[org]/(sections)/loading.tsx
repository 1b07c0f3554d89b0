// Shown inside the app shell while a page's data loads (rarely longer than a blink).
export default function Loading() {
  return (
    <div aria-busy="true">
      <p role="status" className="sr-only">
        Loading…
      </p>
      <div aria-hidden="true" className="animate-pulse space-y-4">
        <div className="h-8 w-48 rounded bg-sunken" />
        <div className="h-4 w-96 max-w-full rounded bg-sunken" />
        <div className="h-48 rounded-lg bg-sunken" />
      </div>
    </div>
  );
}
