import { createHash } from 'node:crypto';
import { commandIdFor, eventIdFor } from '../../../../libs/event-sourcing/src/command-ids.js';
import { DEMO_PEOPLE, type DemoPerson } from './rushan-2024.organisations.js';

// The building blocks of the 乳山 scenario: steps are the HTTP requests officials would send.

export interface CommandStep {
  kind?: 'command';
  title: string;
  as: DemoPerson;
  path: string;
  body: Record<string, unknown>;
  key: string;
  /** A step the rules must refuse (422 with this code); nothing is stored. */
  refusedWith?: string;
}

/** The deadline watcher's run on a business date: overdue rectification cases get their SYSTEM event. */
export interface WatchStep {
  kind: 'watch-deadlines';
  title: string;
  on: string;
}

export type ScenarioStep = CommandStep | WatchStep;

export const yuan = (amount: number) => amount * 100;
/** Fictional documents: the hash stands for the file the officials would upload. */
export const document = (name: string) => ({ name, sha256: createHash('sha256').update(name, 'utf8').digest('hex') });
export const seed = (clause: string) => [{ docNo: '乳发〔2020〕3号', clause }];

export const step = (title: string, as: DemoPerson, path: string, key: string, body: Record<string, unknown>, refusedWith?: string): CommandStep => ({
  title,
  as,
  path,
  key: `demo-fy2024/${key}`,
  body,
  ...(refusedWith ? { refusedWith } : {}),
});

/** The watcher's run on a business date. */
export const watchDeadlines = (title: string, on: string): WatchStep => ({ kind: 'watch-deadlines', title, on });

/** The id of the index-th event a step wrote: event ids derive from the command id, which derives from the key. */
export function cite(step: CommandStep, stream: string, index = 0): { stream: string; eventId: string } {
  return { stream, eventId: eventIdFor(commandIdFor(DEMO_PEOPLE[step.as].sub, step.key), index) };
}
