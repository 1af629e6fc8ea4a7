import { Module } from '@nestjs/common';
import { AcceptRectificationHandler } from './accept-rectification.command.js';
import { DeadlineWatcher } from './deadline-watcher.js';
import { GetRectificationCaseHandler } from './get-rectification-case.query.js';
import { IssueRectificationNoticeHandler } from './issue-rectification-notice.command.js';
import { MarkRectificationOverdueHandler } from './mark-rectification-overdue.command.js';
import { RejectRectificationHandler } from './reject-rectification.command.js';
import { ReportRectificationHandler } from './report-rectification.command.js';

/**
 * Rectification cases (整改): notice, report, acceptance or rejection, and the overdue mark the deadline watcher
 * writes. The watcher is provided but not started: the process that owns the timers starts it.
 */
@Module({
  providers: [
    IssueRectificationNoticeHandler,
    ReportRectificationHandler,
    AcceptRectificationHandler,
    RejectRectificationHandler,
    MarkRectificationOverdueHandler,
    GetRectificationCaseHandler,
    DeadlineWatcher,
  ],
  exports: [DeadlineWatcher],
})
export class RectificationModule {}
