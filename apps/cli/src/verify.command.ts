import { randomUUID } from 'node:crypto';
import { sealChains, verifyChains } from '../../../libs/event-store/src/chain-verification.js';
import { openEventStore } from '../../../libs/event-store/src/open-event-store.js';
import { SYSTEM_ACTOR } from './system-actor.js';
import { configFrom, parseOptions } from './options.js';

export async function runVerify(args: string[]): Promise<number> {
  const config = configFrom(parseOptions(args, {}));
  const store = openEventStore(config);
  try {
    const result = await verifyChains(store);
    if (result.ok) {
      console.log(`intact: ${result.events} events in ${result.streams} streams, ${result.seals} seals checked`);
      return 0;
    }
    const { stream, revision, reason } = result.firstBreak;
    console.log(`BROKEN: stream ${stream} at revision ${revision}: ${reason}`);
    return 1;
  } finally {
    await store.close();
  }
}

export async function runSeal(args: string[]): Promise<number> {
  const config = configFrom(parseOptions(args, {}));
  const store = openEventStore(config);
  try {
    const seal = await sealChains(store, SYSTEM_ACTOR, randomUUID());
    console.log(seal ? `sealed ${seal.eventCount} events in ${seal.streamCount} streams up to ${seal.upTo}: ${seal.digest}` : 'nothing to seal: the log is empty');
    return 0;
  } finally {
    await store.close();
  }
}
