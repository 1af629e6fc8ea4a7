import type { EventMetadata } from '../../event-store/src/event-store.port.js';
import { applyEvent } from '../../read-store/src/project-events.js';
import type { EventSubject, ProjectedEvent, Projection, ReadDocument } from '../../read-store/src/projection.js';

/** Builds ProjectedEvents for projection specs: positions count up from 1, the subject defaults from the data. */
export function eventLog() {
  let position = 0;
  const revisions = new Map<string, number>();
  return (stream: string, type: string, data: Record<string, unknown>, extra: { subject?: EventSubject; metadata?: Partial<EventMetadata> } = {}): ProjectedEvent => {
    position += 1;
    const revision = (revisions.get(stream) ?? -1) + 1;
    revisions.set(stream, revision);
    return {
      stream,
      revision,
      position: String(position),
      type,
      data,
      metadata: {
        eventId: `event-${position}`,
        schemaVersion: 1,
        occurredAt: '2024-07-31T00:00:00+08:00',
        recordedAt: '2024-08-01T01:00:00.000Z',
        actor: { userId: 'fin-wangmin', name: '王敏', role: 'FINANCE_AUTHORITY', orgCode: 'FIN-RS', orgName: '乳山市财政局' },
        correlationId: `cmd-${position}`,
        causationId: `cmd-${position}`,
        legalBasis: [],
        evidence: [],
        prevHash: '0'.repeat(64),
        hash: String(position).padStart(64, '0'),
        ...extra.metadata,
      },
      subject: extra.subject ?? {
        ...(typeof data.proCode === 'string' ? { proCode: data.proCode } : {}),
        ...(typeof data.deptCode === 'string' ? { deptCode: data.deptCode } : {}),
        ...(typeof data.fiscalYear === 'number' ? { fiscalYear: data.fiscalYear } : {}),
      },
    };
  };
}

/** Runs events through a projection in memory, as the runner would; returns the documents by key. */
export function project<D extends ReadDocument>(projection: Projection<D>, events: ProjectedEvent[], start: Map<string, D> = new Map()): Map<string, D> {
  const docs = new Map(start);
  for (const event of events) {
    for (const [key, doc] of applyEvent(projection, (k) => docs.get(k) ?? null, event)) {
      if (doc === null) docs.delete(key);
      else docs.set(key, doc);
    }
  }
  return docs;
}
