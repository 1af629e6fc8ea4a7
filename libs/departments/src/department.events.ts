// The contract of a department's overall performance for a year `department-{deptCode}-{fiscalYear}` (部门整体绩效,
// seed 二.3): its targets (versioned), its self-evaluation, its reports to the government and the 人大.
import type { Grade } from '../../rule-sets/src/rule-set.js';
import type { Comparator } from '../../projects/src/project.events.js';

/** 运行成本、管理效率、履职效能、社会效应、可持续发展能力、服务对象满意度. */
export type DepartmentDimension = 'RUNNING_COST' | 'MANAGEMENT_EFFICIENCY' | 'EFFECTIVENESS' | 'SOCIAL_EFFECT' | 'SUSTAINABILITY' | 'SATISFACTION';

export const DEPARTMENT_DIMENSIONS: DepartmentDimension[] = ['RUNNING_COST', 'MANAGEMENT_EFFICIENCY', 'EFFECTIVENESS', 'SOCIAL_EFFECT', 'SUSTAINABILITY', 'SATISFACTION'];

export interface DepartmentIndicator {
  indicatorId: string;
  dimension: DepartmentDimension;
  name: string;
  comparator: Comparator;
  /** Decimal string, or text when qualitative. */
  targetValue: string;
  unit?: string;
  /** Points; a dimension's indicators' weights are the most it can score. */
  weight: number;
}

export interface DepartmentOverallTargetSet {
  type: 'DepartmentOverallTargetSet';
  data: { deptCode: string; fiscalYear: number; version: number; objective: string; indicators: DepartmentIndicator[] };
}

export interface DepartmentOverallSelfEvaluationSubmitted {
  type: 'DepartmentOverallSelfEvaluationSubmitted';
  data: {
    deptCode: string;
    fiscalYear: number;
    targetVersion: number;
    dimensions: { dimension: DepartmentDimension; score: number; maxScore: number; comment?: string }[];
    totalScore: number;
    grade: Grade;
    reportRef?: string;
  };
}

export type DepartmentReportRecipient = 'GOVERNMENT' | 'PEOPLES_CONGRESS';

export interface DepartmentOverallPerformanceReported {
  type: 'DepartmentOverallPerformanceReported';
  data: {
    deptCode: string;
    fiscalYear: number;
    recipients: DepartmentReportRecipient[];
    reportRef: string;
    reportedOn: string;
    targetVersion: number;
    totalScore: number;
    grade: Grade;
  };
}

export type DepartmentEvent = DepartmentOverallTargetSet | DepartmentOverallSelfEvaluationSubmitted | DepartmentOverallPerformanceReported;

export const departmentStream = (deptCode: string, fiscalYear: number) => `department-${deptCode}-${fiscalYear}`;
