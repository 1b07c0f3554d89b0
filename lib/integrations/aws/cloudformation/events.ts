// Reading a stack's new events after a cursor (REL-3): DescribeStackEvents answers newest first,
// a page at a time, so the reader pages back until it meets the event it saw last, then turns
// what it gathered around (oldest first). The poller stores the newest event id as its cursor, so
// after a restart nothing is shown twice and nothing is skipped.

/** At most this many pages per read (100 events each on AWS): a 20-minute deploy writes far fewer. */
export const MAX_EVENT_PAGES = 20;

export interface EventPage<E> {
  events: E[];
  nextToken?: string;
}

/**
 * The events newer than `cursorEventId`, oldest first. Without a cursor, every event of the stack.
 * If the cursor is not met within the page bound (far more events than a deploy writes, or a
 * cursor from a stack since deleted and created again), the newest events read are returned.
 */
export async function eventsAfter<E extends { eventId: string }>(readPage: (nextToken: string | undefined) => Promise<EventPage<E>>, cursorEventId: string | undefined): Promise<E[]> {
  const newestFirst: E[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_EVENT_PAGES; page += 1) {
    const { events, nextToken: next } = await readPage(nextToken);
    for (const event of events) {
      if (cursorEventId !== undefined && event.eventId === cursorEventId) return newestFirst.reverse();
      newestFirst.push(event);
    }
    if (!next) break;
    nextToken = next;
  }
  return newestFirst.reverse();
}
