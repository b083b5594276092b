import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/create-database.js';
import { eventOccurrences, registrations } from '../../db/schema/events.js';

/**
 * Confirms waitlisted registrations of an occurrence, strictly in queue order, while the head of the queue fits in
 * the free seats. Strict order means a small party never overtakes a larger one queued before it.
 * The caller must hold the occurrence row lock (`SELECT … FOR UPDATE`) in `tx`. Returns the promoted ids.
 */
export async function promoteWaitlist(tx: Tx | Db, occurrenceId: string): Promise<string[]> {
  const [occurrence] = await tx
    .select({
      capacity: eventOccurrences.capacity,
      seatsTaken: eventOccurrences.seatsTaken,
      status: eventOccurrences.status,
    })
    .from(eventOccurrences)
    .where(eq(eventOccurrences.id, occurrenceId));
  if (occurrence?.status !== 'scheduled') return [];
  const queue = await tx
    .select({ id: registrations.id, seats: registrations.seats })
    .from(registrations)
    .where(and(eq(registrations.occurrenceId, occurrenceId), eq(registrations.status, 'waitlisted')))
    .orderBy(asc(registrations.queuedAt), asc(registrations.id));
  const promoted: string[] = [];
  let taken = occurrence.seatsTaken;
  for (const head of queue) {
    if (occurrence.capacity !== null && taken + head.seats > occurrence.capacity) break;
    taken += head.seats;
    promoted.push(head.id);
  }
  if (promoted.length === 0) return [];
  for (const id of promoted) {
    await tx.update(registrations).set({ status: 'confirmed' }).where(eq(registrations.id, id));
  }
  await tx
    .update(eventOccurrences)
    .set({ seatsTaken: sql`${eventOccurrences.seatsTaken} + ${taken - occurrence.seatsTaken}` })
    .where(eq(eventOccurrences.id, occurrenceId));
  return promoted;
}
