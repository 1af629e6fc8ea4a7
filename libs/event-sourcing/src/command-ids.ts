import { createHash, randomUUID } from 'node:crypto';

// Name-based UUIDs (RFC 9562 v5 layout): the same command id always yields the same event ids, so a
// retried command cannot write twice, and the same Idempotency-Key from the same user is the same command.
function nameBasedUuid(namespace: string, name: string): string {
  const bytes = createHash('sha1').update(`${namespace}\u0000${name}`, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function eventIdFor(commandId: string, index: number): string {
  return nameBasedUuid('budgetloop/event', `${commandId}#${index}`);
}

export function commandIdFor(userId: string, idempotencyKey: string | undefined): string {
  return idempotencyKey ? nameBasedUuid('budgetloop/command', `${userId}\u0000${idempotencyKey}`) : randomUUID();
}
