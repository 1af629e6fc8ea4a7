import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandError } from '../../event-sourcing/src/command-errors.js';
import { commandIdFor } from '../../event-sourcing/src/command-ids.js';
import { CLOCK, type Clock } from '../../event-sourcing/src/command-pipeline.js';
import { type Actor, EVENT_STORE, type EventStore, type Position } from '../../event-store/src/event-store.port.js';
import { businessDate, dayAfter } from '../../event-sourcing/src/business-date.js';
import { MarkRectificationOverdueCommand, isOverdueOn } from './mark-rectification-overdue.command.js';
import type { RectificationEvent } from './rectification.events.js';
import { type RectificationState, rectificationModel } from './rectification.state.js';

/** The SYSTEM actor the overdue events name; its fixed user id makes the command ids the same in every process. */
export const DEADLINE_WATCHER_ACTOR: Actor = { userId: 'budgetloop-deadline-watcher', name: '整改期限监视', role: 'SYSTEM', orgCode: 'SYSTEM', orgName: 'BudgetLoop 系统' };

const PAGE = 500;

/**
 * Marks rectification cases overdue once their deadline has passed without a report. Each mark is a command
 * whose id derives from the case and its deadline, so two watchers, a restart or a retry reach the same
 * command: the pipeline answers a repeat from the stored events, and the decider refuses a second mark.
 */
@Injectable()
export class DeadlineWatcher implements OnModuleDestroy {
  private readonly logger = new Logger('DeadlineWatcher');
  /** Cases folded so far, and where in the log this watcher has read to; each run reads only what is new. */
  private readonly cases = new Map<string, RectificationState>();
  private after?: Position;
  private running?: Promise<string[]>;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly commands: CommandBus,
  ) {}

  /** One sweep; returns the ids of the cases this sweep marked. Overlapping calls share the sweep in progress. */
  runOnce(): Promise<string[]> {
    this.running ??= this.sweep().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  start(intervalMs: number): void {
    this.stop();
    const sweep = () => this.runOnce().catch((error: unknown) => this.logger.error(`sweep failed: ${error instanceof Error ? error.message : String(error)}`));
    // At once too: deadlines that passed while no process ran are caught on restart.
    void sweep();
    this.timer = setInterval(sweep, intervalMs);
    // A pending sweep must not keep a process alive that is otherwise done.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  onModuleDestroy(): void {
    this.stop();
  }

  private async sweep(): Promise<string[]> {
    await this.catchUp();
    const today = businessDate(this.clock());
    const marked: string[] = [];
    for (const state of this.cases.values()) {
      if (!isOverdueOn(state, today) || !state.notice || !state.deadline) continue;
      const { caseId } = state.notice;
      const deadline = state.deadline;
      try {
        const result = await this.commands.execute(
          new MarkRectificationOverdueCommand(
            { caseId, deadline },
            {
              commandId: commandIdFor(DEADLINE_WATCHER_ACTOR.userId, `overdue:${caseId}:${deadline}`),
              actor: DEADLINE_WATCHER_ACTOR,
              // In the world the case fell overdue as the day after its deadline began, whenever the sweep ran.
              occurredAt: dayAfter(deadline),
            },
          ),
        );
        if (!result.replayed) marked.push(caseId);
      } catch (error) {
        // Another watcher got there first, or the case moved on since it was read: the next sweep sees the result.
        if (!(error instanceof CommandError)) throw error;
        this.logger.log(`case ${caseId} not marked overdue: ${error.code}`);
      }
    }
    return marked;
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.store.readAll({ categories: ['rectification'], after: this.after, maxCount: PAGE });
      for (const e of page) {
        const state = this.cases.get(e.stream) ?? rectificationModel.initialState();
        const event = { type: e.type, data: e.data } as unknown as RectificationEvent;
        const context = { eventId: e.metadata.eventId, revision: e.revision, occurredAt: e.metadata.occurredAt, actor: e.metadata.actor, supersedes: e.metadata.supersedes };
        this.cases.set(e.stream, rectificationModel.evolve(state, event, context));
        this.after = e.position;
      }
      if (page.length < PAGE) return;
    }
  }
}
