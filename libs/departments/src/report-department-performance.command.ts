import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import { type DepartmentEvent, type DepartmentReportRecipient, departmentStream } from './department.events.js';
import { assertOwnDepartment } from './department-guards.js';
import { type DepartmentState, departmentModel } from './department.state.js';

export class ReportDepartmentPerformanceDto extends CommandBodyDto {
  @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(2) @ArrayUnique() @IsIn(['GOVERNMENT', 'PEOPLES_CONGRESS'], { each: true }) recipients: DepartmentReportRecipient[];
  @IsString() @IsNotEmpty() @MaxLength(300) reportRef: string;
  @IsRealDate() @Matches(BUSINESS_DATE, { message: 'reportedOn must be YYYY-MM-DD' }) reportedOn: string;
}

type Payload = ReportDepartmentPerformanceDto & { deptCode: string };
export class ReportDepartmentPerformanceCommand extends EnvelopedCommand<Payload> {}

/** 二.3 整体绩效报告: the targets and the self-evaluation go to the government and the 人大, each recipient once. */
export const decideReportDepartmentPerformance: Decide<Payload, DepartmentState, DepartmentEvent> = (cmd, state, { actor }) => {
  assertOwnDepartment(actor, cmd.deptCode);
  const evaluation = state.selfEvaluation;
  if (!evaluation) {
    throw new CommandRejected('SELF_EVALUATION_REQUIRED', `${cmd.deptCode} has not submitted its ${cmd.fiscalYear} overall self-evaluation; the report presents it`, {
      deptCode: cmd.deptCode,
      fiscalYear: cmd.fiscalYear,
    });
  }
  const already = cmd.recipients.filter((r) => state.reports.some((report) => report.recipients.includes(r)));
  if (already.length) {
    throw new CommandRejected('ALREADY_REPORTED', `the ${cmd.fiscalYear} overall performance of ${cmd.deptCode} was already reported to ${already.join(', ')}`, { recipients: already });
  }
  return [
    {
      type: 'DepartmentOverallPerformanceReported',
      data: {
        deptCode: cmd.deptCode,
        fiscalYear: cmd.fiscalYear,
        recipients: cmd.recipients,
        reportRef: cmd.reportRef,
        reportedOn: cmd.reportedOn,
        targetVersion: evaluation.targetVersion,
        totalScore: evaluation.totalScore,
        grade: evaluation.grade,
      },
      legalBasis: seedClause('二.3'),
    },
  ];
};

@CommandHandler(ReportDepartmentPerformanceCommand)
export class ReportDepartmentPerformanceHandler extends StreamCommandHandler<Payload, Payload, DepartmentState, DepartmentEvent> {
  protected readonly spec = {
    name: 'ReportDepartmentPerformance',
    stream: (p: Payload) => departmentStream(p.deptCode, p.fiscalYear),
    model: departmentModel,
    decide: decideReportDepartmentPerformance,
  } as const;
}
