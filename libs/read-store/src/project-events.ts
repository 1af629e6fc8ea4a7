import { type Position, comparePositions, parsePosition } from '../../event-store/src/event-store.port.js';
import type { ProjectedEvent, Projection, ReadDocument } from './projection.js';

export function positionAfter(event: ProjectedEvent, doc: ReadDocument | null): boolean {
  if (!doc) return true;
  const applied: Position = parsePosition(doc._position);
  return comparePositions(parsePosition(event.position), applied) > 0;
}

/**
 * Applies one event to a projection's documents, as the runner does: an event at or before a document's
 * position is skipped, so applying the same event twice changes nothing. Returns the changed documents
 * (null: delete).
 */
export function applyEvent<D extends ReadDocument>(projection: Projection<D>, get: (key: string) => D | null, event: ProjectedEvent): Map<string, D | null> {
  const changes = new Map<string, D | null>();
  for (const key of new Set(projection.keys(event))) {
    const current = changes.has(key) ? (changes.get(key) ?? null) : get(key);
    if (!positionAfter(event, current)) continue;
    const next = projection.apply(current, event, key);
    changes.set(key, next === null ? null : { ...next, _id: key, _position: event.position });
  }
  return changes;
}
