import { Module } from '@nestjs/common';
import { ApproveTargetRevisionHandler } from './approve-target-revision.command.js';
import { RejectTargetRevisionHandler } from './reject-target-revision.command.js';
import { RequestTargetRevisionHandler } from './request-target-revision.command.js';
import { TerminateProjectHandler } from './terminate-project.command.js';

/** The project stream during and after execution: target revisions (事中) and termination (清理退出). */
@Module({
  providers: [RequestTargetRevisionHandler, ApproveTargetRevisionHandler, RejectTargetRevisionHandler, TerminateProjectHandler],
})
export class ProjectExecutionModule {}
