// The editing of a step's list of cards (sources, destinations): stable keys, the new card taking
// the focus, and after a removal the focus going to the Add button (the card's own is gone).
import { type RefObject, useEffect, useState } from 'react';
import type { JsonObject } from '@/lib/pipeline/catalog/form-model';
import { useStableKeys } from './use-stable-keys';

/** `addButton`: the list's Add button (owned by the caller: a ref must not travel inside render values). */
export function useCardList(items: JsonObject[], onChange: (items: JsonObject[]) => void, addButton: RefObject<HTMLButtonElement | null>) {
  const keys = useStableKeys(items.length);
  const [focusKey, setFocusKey] = useState<number>();
  const [removals, setRemovals] = useState(0);

  useEffect(() => {
    if (removals > 0) addButton.current?.focus();
  }, [removals, addButton]);

  return {
    keyOf: (index: number) => keys.keys[index],
    /** Whether the card at `index` was just added (and should take the focus). */
    isNew: (index: number) => keys.keys[index] === focusKey,
    add(item: JsonObject) {
      setFocusKey(keys.added());
      onChange([...items, item]);
    },
    replace(index: number, item: JsonObject) {
      onChange(items.map((it, i) => (i === index ? item : it)));
    },
    remove(index: number) {
      keys.removed(index);
      setRemovals((n) => n + 1);
      onChange(items.filter((_, i) => i !== index));
    },
  };
}
