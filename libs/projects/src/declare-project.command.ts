import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { AccessDenied, CommandRejected } from '../../event-sourcing/src/command-errors.js';
import { CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { seedClause } from './legal-basis.js';
import type { BudgetBook, FundingArrangement, ProjectEvent, ProjectKind } from './project.events.js';
import { ProjectCommand, ProjectCommandHandler } from './project-command.js';
import type { ProjectState } from './project.state.js';

// At most 60 characters: codes become stream names and URL segments.
export const PRO_CODE = /^(?=.{1,60}$)\d{6}-\d{4}-[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/;
const MAX_FEN = Number.MAX_SAFE_INTEGER;

class FundingPlanLineDto {
  @IsInt() @Min(2000) @Max(2100) fiscalYear: number;
  @IsInt() @Min(0) @Max(MAX_FEN) amountFen: number;
  @IsOptional() @IsString() @MaxLength(100) fundSource?: string;
}

class ResponsiblePersonDto {
  @IsString() @IsNotEmpty() @MaxLength(100) name: string;
  @IsOptional() @IsString() @MaxLength(100) title?: string;
}

export class DeclareProjectDto extends CommandBodyDto {
  @Matches(PRO_CODE, { message: 'proCode must look like 371083-2024-D101-001' }) proCode: string;
  @IsString() @IsNotEmpty() @MaxLength(200) proName: string;
  @Matches(/^\d{6}$/, { message: 'mofDivCode must be a 6-digit division code' }) mofDivCode: string;
  @IsString() @IsNotEmpty() @MaxLength(40) deptCode: string;
  @IsString() @IsNotEmpty() @MaxLength(200) deptName: string;
  @IsOptional() @IsString() @MaxLength(40) unitCode?: string;
  @IsOptional() @IsString() @MaxLength(200) unitName?: string;
  @IsIn(['PERSONNEL', 'OPERATING', 'SPECIFIC_PURPOSE']) projectKind: ProjectKind;
  @IsIn(['GENERAL_PUBLIC', 'GOVERNMENT_FUND', 'STATE_CAPITAL_OPERATION', 'SOCIAL_INSURANCE_FUND']) budgetBook: BudgetBook;
  @IsOptional() @IsArray() @IsIn(['GOVERNMENT_INVESTMENT_FUND', 'PPP', 'GOVERNMENT_PROCUREMENT', 'PURCHASED_SERVICES', 'GOVERNMENT_DEBT'], { each: true })
  fundingArrangements?: FundingArrangement[];
  @IsBoolean() isNew: boolean;
  @IsBoolean() isMajor: boolean;
  @IsBoolean() isCrossYear: boolean;
  @IsInt() @Min(2000) @Max(2100) startYear: number;
  @IsInt() @Min(2000) @Max(2100) endYear: number;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => FundingPlanLineDto)
  fundingPlan: FundingPlanLineDto[];
  @IsInt() @Min(1) @Max(MAX_FEN) totalAmountFen: number;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(200, { each: true }) policyBasis?: string[];
  @IsOptional() @IsString() @MaxLength(500) implementationPlanRef?: string;
  @ValidateNested() @Type(() => ResponsiblePersonDto) responsiblePerson: ResponsiblePersonDto;
}

export class DeclareProjectCommand extends ProjectCommand<DeclareProjectDto> {}

/** Step 1 (申报): a department or unit declares a project of its own. */
export const decideDeclareProject: Decide<DeclareProjectDto, ProjectState, ProjectEvent> = (cmd, state, { actor }) => {
  if (actor.deptCode !== cmd.deptCode || (actor.role === 'BUDGET_UNIT' && actor.unitCode !== cmd.unitCode)) {
    throw new AccessDenied('NOT_YOUR_DEPARTMENT', `a ${actor.role} of ${actor.deptCode}${actor.unitCode ? `/${actor.unitCode}` : ''} cannot declare for ${cmd.deptCode}${cmd.unitCode ? `/${cmd.unitCode}` : ''}`, {
      deptCode: cmd.deptCode,
    });
  }
  if (state.declaration) throw new CommandRejected('PROJECT_ALREADY_DECLARED', `project ${cmd.proCode} is already declared`, { proCode: cmd.proCode });
  if (!cmd.proCode.startsWith(`${cmd.mofDivCode}-`)) {
    throw new CommandRejected('PRO_CODE_DIVISION_MISMATCH', `proCode ${cmd.proCode} does not start with division ${cmd.mofDivCode}`);
  }
  if (cmd.endYear < cmd.startYear) throw new CommandRejected('YEARS_REVERSED', `endYear ${cmd.endYear} is before startYear ${cmd.startYear}`);
  const outside = cmd.fundingPlan.filter((line) => line.fiscalYear < cmd.startYear || line.fiscalYear > cmd.endYear);
  if (outside.length > 0) {
    throw new CommandRejected('FUNDING_PLAN_OUTSIDE_YEARS', `funding plan years ${outside.map((l) => l.fiscalYear).join(', ')} lie outside ${cmd.startYear}–${cmd.endYear}`);
  }
  const years = cmd.fundingPlan.map((line) => line.fiscalYear);
  const repeated = years.filter((year, i) => years.indexOf(year) !== i);
  if (repeated.length > 0) throw new CommandRejected('FUNDING_PLAN_DUPLICATE_YEAR', `the funding plan lists ${repeated.join(', ')} more than once`);
  if (cmd.unitCode && !cmd.unitName) throw new CommandRejected('UNIT_NAME_REQUIRED', `unit ${cmd.unitCode} needs its name (unitName)`);
  const planned = cmd.fundingPlan.reduce((sum, line) => sum + line.amountFen, 0);
  if (planned !== cmd.totalAmountFen) {
    throw new CommandRejected('FUNDING_PLAN_TOTAL_MISMATCH', `the funding plan adds up to ${planned} fen, not the declared total ${cmd.totalAmountFen} fen`, {
      planned,
      totalAmountFen: cmd.totalAmountFen,
    });
  }
  return [
    {
      type: 'BudgetProjectDeclared',
      data: {
        proCode: cmd.proCode,
        proName: cmd.proName,
        mofDivCode: cmd.mofDivCode,
        deptCode: cmd.deptCode,
        deptName: cmd.deptName,
        ...(cmd.unitCode ? { unitCode: cmd.unitCode, unitName: cmd.unitName } : {}),
        projectKind: cmd.projectKind,
        budgetBook: cmd.budgetBook,
        fundingArrangements: cmd.fundingArrangements ?? [],
        isNew: cmd.isNew,
        isMajor: cmd.isMajor,
        isCrossYear: cmd.isCrossYear,
        startYear: cmd.startYear,
        endYear: cmd.endYear,
        fundingPlan: cmd.fundingPlan.map(({ fiscalYear, amountFen, fundSource }) => ({ fiscalYear, amountFen, ...(fundSource ? { fundSource } : {}) })),
        totalAmountFen: cmd.totalAmountFen,
        policyBasis: cmd.policyBasis ?? [],
        ...(cmd.implementationPlanRef ? { implementationPlanRef: cmd.implementationPlanRef } : {}),
        responsiblePerson: { name: cmd.responsiblePerson.name, ...(cmd.responsiblePerson.title ? { title: cmd.responsiblePerson.title } : {}) },
      },
      legalBasis: seedClause('三(一)'),
    },
  ];
};

@CommandHandler(DeclareProjectCommand)
export class DeclareProjectHandler extends ProjectCommandHandler<DeclareProjectDto> {
  protected readonly useCase = { name: 'DeclareProject', decide: decideDeclareProject } as const;
}
