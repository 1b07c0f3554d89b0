'use client';
// "Add source" / "Add destination": a modal list of the connectors on offer, grouped by category
// as Airbyte's catalog screen groups them. Each connector is a button, so the list is a plain tab
// order; Esc or Cancel closes without adding anything.
import { type Ref, useId, useRef } from 'react';
import { Button } from '@/components/ui/button';

export interface PickerGroup {
  /** Omitted for a single ungrouped list. */
  title?: string;
  items: { type: string; displayName: string }[];
}

interface ConnectorPickerProps {
  /** The opening button's text, e.g. "Add source". */
  label: string;
  /** The dialog's title, e.g. "Add a source". */
  title: string;
  groups: PickerGroup[];
  onPick(type: string): void;
  ref?: Ref<HTMLButtonElement>;
}

/** Connectors by their category, categories in the order they first appear. */
export function groupByCategory(items: { type: string; displayName: string; category: string }[]): PickerGroup[] {
  const groups = new Map<string, PickerGroup>();
  for (const { type, displayName, category } of items) {
    const group = groups.get(category) ?? { title: category, items: [] };
    group.items.push({ type, displayName });
    groups.set(category, group);
  }
  return [...groups.values()];
}

export function ConnectorPicker({ label, title, groups, onPick, ref }: ConnectorPickerProps) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const pick = (type: string) => {
    dialog.current?.close();
    onPick(type);
  };
  return (
    <>
      <Button ref={ref} variant="secondary" aria-haspopup="dialog" onClick={() => dialog.current?.showModal()}>
        <span aria-hidden="true">+</span> {label}
      </Button>
      <dialog ref={dialog} aria-labelledby={`${id}-title`} className="m-auto w-[min(40rem,calc(100vw-2rem))] rounded-lg border border-line bg-surface p-6 text-fg shadow-xl">
        <h2 id={`${id}-title`} className="text-lg font-semibold">
          {title}
        </h2>
        <div className="mt-4 space-y-5">
          {groups.map((group, g) => (
            <section key={group.title ?? g} aria-labelledby={group.title ? `${id}-group-${g}` : undefined}>
              {group.title && (
                <h3 id={`${id}-group-${g}`} className="mb-2 text-sm font-semibold text-muted">
                  {group.title}
                </h3>
              )}
              <ul className="grid gap-2 sm:grid-cols-2">
                {group.items.map((item) => (
                  <li key={item.type}>
                    <button
                      type="button"
                      className="flex min-h-11 w-full items-center rounded-md border border-field bg-surface px-3 text-left text-sm font-medium hover:bg-sunken"
                      onClick={() => pick(item.type)}
                    >
                      {item.displayName}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
        <div className="mt-6 flex justify-end">
          <Button variant="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </Button>
        </div>
      </dialog>
    </>
  );
}
