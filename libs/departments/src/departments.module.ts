import { Module } from '@nestjs/common';
import { ReportDepartmentPerformanceHandler } from './report-department-performance.command.js';
import { SetDepartmentOverallTargetsHandler } from './set-department-overall-targets.command.js';
import { SubmitDepartmentSelfEvaluationHandler } from './submit-department-self-evaluation.command.js';

/** Department overall performance (部门整体绩效, seed 二.3): targets, self-evaluation, reports. */
@Module({
  providers: [SetDepartmentOverallTargetsHandler, SubmitDepartmentSelfEvaluationHandler, ReportDepartmentPerformanceHandler],
})
export class DepartmentsModule {}
