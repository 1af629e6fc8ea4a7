import { CommandHandler } from '@nestjs/cqrs';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, type StreamCommandSpec, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { businessDate } from '../../event-sourcing/src/business-date.js';
import { noticeOf } from './rectification-guards.js';
import { type RectificationEvent, rectificationStream } from './rectification.events.js';
import { type RectificationState, rectificationModel } from './rectification.state.js';

/** No HTTP body: only the deadline watcher issues it, naming the deadline it found passed. */
export interface MarkRectificationOverdue {
  caseId: string;
  deadline: string;
}
export class MarkRectificationOverdueCommand extends EnvelopedCommand<MarkRectificationOverdue> {}

/** A case awaits a report (open, or reopened by a rejection), was never marked, and its deadline is before today. */
export function isOverdueOn(state: RectificationState, today: string): boolean {
  return (
    state.notice !== undefined && !state.overdue && (state.status === 'OPEN' || state.status === 'REJECTED') && state.deadline !== undefined && state.deadline < today
  );
}

/**
 * No report by the deadline (Asia/Shanghai business date) makes a case overdue — once per case: a case reported
 * in time never becomes overdue, and one already marked is not marked again after a rejection.
 */
export const decideMarkRectificationOverdue: Decide<MarkRectificationOverdue, RectificationState, RectificationEvent> = (cmd, state, { now }) => {
  noticeOf(state, cmd.caseId);
  if (state.overdue) throw new CommandRejected('ALREADY_OVERDUE', `case ${cmd.caseId} was already marked overdue`);
  if (state.status !== 'OPEN' && state.status !== 'REJECTED') {
    throw new CommandRejected('NOT_AWAITING_REPORT', `case ${cmd.caseId} is ${state.status}: only a case awaiting a report can become overdue`, { status: state.status });
  }
  if (state.deadline !== cmd.deadline) {
    throw new CommandRejected('DEADLINE_CHANGED', `the deadline in force for ${cmd.caseId} is ${state.deadline}, not ${cmd.deadline}`, { deadline: state.deadline });
  }
  const today = businessDate(now);
  if (!isOverdueOn(state, today)) {
    throw new CommandRejected('DEADLINE_NOT_PASSED', `the deadline ${state.deadline} of ${cmd.caseId} has not passed (today is ${today})`, { deadline: state.deadline, today });
  }
  return [
    {
      type: 'RectificationOverdue',
      data: { caseId: cmd.caseId, deadline: state.deadline, detectedAt: now.toISOString() },
      legalBasis: seedClause('三(三)2'),
    },
  ];
};

@CommandHandler(MarkRectificationOverdueCommand)
export class MarkRectificationOverdueHandler extends StreamCommandHandler<MarkRectificationOverdue, MarkRectificationOverdue, RectificationState, RectificationEvent> {
  protected readonly spec: StreamCommandSpec<MarkRectificationOverdue, MarkRectificationOverdue, RectificationState, RectificationEvent> = {
    name: 'MarkRectificationOverdue',
    stream: (p) => rectificationStream(p.caseId),
    model: rectificationModel,
    decide: decideMarkRectificationOverdue,
    id: (data) => String(data.caseId),
  };
}
