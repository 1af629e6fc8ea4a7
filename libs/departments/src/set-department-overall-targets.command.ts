import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { seedClause } from '../../projects/src/legal-basis.js';
import type { Comparator } from '../../projects/src/project.events.js';
import { DEPARTMENT_DIMENSIONS, type DepartmentDimension, type DepartmentEvent, type DepartmentIndicator, departmentStream } from './department.events.js';
import { assertOwnDepartment } from './department-guards.js';
import { type DepartmentState, departmentModel, departmentTargetsInForce } from './department.state.js';

export const DEPT_CODE = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;

class DepartmentIndicatorDto {
  @Matches(/^[A-Za-z0-9_.-]{1,40}$/, { message: 'indicatorId must be 1–40 letters, digits, _ . or -' }) indicatorId: string;
  @IsIn(DEPARTMENT_DIMENSIONS) dimension: DepartmentDimension;
  @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @IsIn(['GTE', 'GT', 'LTE', 'LT', 'EQ', 'QUALITATIVE']) comparator: Comparator;
  @IsString() @IsNotEmpty() @MaxLength(200) targetValue: string;
  @IsOptional() @IsString() @MaxLength(40) unit?: string;
  @IsNumber({ maxDecimalPlaces: 2 }) @Min(0.01) @Max(100) weight: number;
}

export class SetDepartmentOverallTargetsDto extends CommandBodyDto {
  @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @IsString() @IsNotEmpty() @MaxLength(4000) objective: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => DepartmentIndicatorDto)
  indicators: DepartmentIndicatorDto[];
}

type Payload = SetDepartmentOverallTargetsDto & { deptCode: string };
export class SetDepartmentOverallTargetsCommand extends EnvelopedCommand<Payload> {}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** What keeps a department target set from being complete, in words the department can act on. */
export function departmentTargetProblems(indicators: DepartmentIndicator[]): string[] {
  const problems: string[] = [];
  const ids = indicators.map((i) => i.indicatorId);
  for (const id of ids.filter((id, i) => ids.indexOf(id) !== i)) problems.push(`indicatorId ${id} is used twice`);
  for (const i of indicators.filter((i) => i.comparator !== 'QUALITATIVE')) {
    if (!DECIMAL.test(i.targetValue)) problems.push(`${i.indicatorId}: a quantitative indicator needs a decimal target value, not "${i.targetValue}"`);
    if (!i.unit) problems.push(`${i.indicatorId}: a quantitative indicator needs a unit`);
  }
  const missing = DEPARTMENT_DIMENSIONS.filter((d) => !indicators.some((i) => i.dimension === d));
  if (missing.length) problems.push(`every dimension needs at least one indicator; missing: ${missing.join(', ')}`);
  const total = Math.round(indicators.reduce((sum, i) => sum + i.weight, 0) * 100) / 100;
  if (total !== 100) problems.push(`indicator weights add up to ${total}, not 100`);
  return problems;
}

/** 二.3: the department sets its own yearly overall targets; each submission is a new version, until it evaluates. */
export const decideSetDepartmentOverallTargets: Decide<Payload, DepartmentState, DepartmentEvent> = (cmd, state, { actor }) => {
  assertOwnDepartment(actor, cmd.deptCode);
  if (state.selfEvaluation) {
    throw new CommandRejected('TARGETS_LOCKED', `${cmd.deptCode} already evaluated ${cmd.fiscalYear} against v${state.selfEvaluation.targetVersion}; the targets can no longer change`, {
      targetVersion: state.selfEvaluation.targetVersion,
    });
  }
  const indicators: DepartmentIndicator[] = cmd.indicators.map((i) => ({
    indicatorId: i.indicatorId,
    dimension: i.dimension,
    name: i.name,
    comparator: i.comparator,
    targetValue: i.targetValue,
    ...(i.unit ? { unit: i.unit } : {}),
    weight: i.weight,
  }));
  const problems = departmentTargetProblems(indicators);
  if (problems.length) throw new CommandRejected('TARGETS_INCOMPLETE', `the department's overall targets are incomplete: ${problems.join('; ')}`, { problems });
  return [
    {
      type: 'DepartmentOverallTargetSet',
      data: { deptCode: cmd.deptCode, fiscalYear: cmd.fiscalYear, version: (departmentTargetsInForce(state)?.version ?? 0) + 1, objective: cmd.objective.trim(), indicators },
      legalBasis: seedClause('二.3'),
    },
  ];
};

@CommandHandler(SetDepartmentOverallTargetsCommand)
export class SetDepartmentOverallTargetsHandler extends StreamCommandHandler<Payload, Payload, DepartmentState, DepartmentEvent> {
  protected readonly spec = {
    name: 'SetDepartmentOverallTargets',
    stream: (p: Payload) => departmentStream(p.deptCode, p.fiscalYear),
    model: departmentModel,
    decide: decideSetDepartmentOverallTargets,
    id: (data: Record<string, unknown>) => `v${String(data.version)}`,
  } as const;
}
