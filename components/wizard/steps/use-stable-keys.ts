// React keys for the cards of an editable list whose items change on every keystroke (so neither
// the item nor its index can be the key): removing a card must not hand its neighbour's inputs
// the removed card's local state (an input being typed in, a check already flagged).
import { useState } from 'react';

interface Keys {
  keys: number[];
  next: number;
}

/** Keys for a list changed from outside (a reload, a Kickstart): new rows get new keys, extra ones go. */
function fit(state: Keys, length: number): Keys {
  if (state.keys.length >= length) return { ...state, keys: state.keys.slice(0, length) };
  const extra = Array.from({ length: length - state.keys.length }, (_, i) => state.next + i);
  return { keys: [...state.keys, ...extra], next: state.next + extra.length };
}

export interface StableKeys {
  keys: number[];
  /** Call with the parent's change that appends an item. */
  added(): number;
  /** Call with the parent's change that removes the item at `index`. */
  removed(index: number): void;
}

export function useStableKeys(length: number): StableKeys {
  const [state, setState] = useState<Keys>(() => fit({ keys: [], next: 0 }, length));
  let current = state;
  if (state.keys.length !== length) {
    // Adjusting state while rendering, as React documents for state derived from props.
    current = fit(state, length);
    setState(current);
  }
  return {
    keys: current.keys,
    added: () => {
      setState((s) => ({ keys: [...s.keys, s.next], next: s.next + 1 }));
      return current.next;
    },
    removed: (index) => setState((s) => ({ ...s, keys: s.keys.filter((_, i) => i !== index) })),
  };
}
