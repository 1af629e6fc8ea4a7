import { Module } from '@nestjs/common';
import { ConductKeyMonitoringHandler } from './conduct-key-monitoring.command.js';
import { GetMonitoringHandler } from './get-monitoring.query.js';
import { IssueMonitoringTaskHandler } from './issue-monitoring-task.command.js';
import { RecordMonitoringSnapshotHandler } from './record-monitoring-snapshot.command.js';

/** The monitoring bounded context (事中): tasks, snapshots with their warning lights, key monitoring. */
@Module({
  providers: [IssueMonitoringTaskHandler, RecordMonitoringSnapshotHandler, ConductKeyMonitoringHandler, GetMonitoringHandler],
})
export class MonitoringModule {}
