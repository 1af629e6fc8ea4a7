import type { Projection } from '../../read-store/src/projection.js';
import { circulatedNoticesProjection } from './circulated-notices.projection.js';
import { closedLoopBoardProjection } from './closed-loop-board.projection.js';
import { departmentOverviewProjection } from './department-overview.projection.js';
import { discrepancyRegisterProjection } from './discrepancy-register.projection.js';
import { fiscalYearRegisterProjection } from './fiscal-year-register.projection.js';
import { fundingLedgerProjection } from './funding-ledger.projection.js';
import type { ReadModelDefinition } from './read-model-queries.js';
import { rectificationTrackerProjection } from './rectification-tracker.projection.js';
import { timelineProjection } from './timeline.projection.js';
import { warningBoardProjection } from './warning-board.projection.js';

/** Every read model of domain.md §8, in the order the runner starts them. */
export const PROJECTIONS: Projection[] = [
  timelineProjection,
  closedLoopBoardProjection,
  fundingLedgerProjection,
  rectificationTrackerProjection,
  warningBoardProjection,
  departmentOverviewProjection,
  discrepancyRegisterProjection,
  circulatedNoticesProjection,
  fiscalYearRegisterProjection,
] as unknown as Projection[];

const project = { dept: 'deptCode', unit: 'unitCode' };

/** How each read model is queried: its filters (query parameter → field), its order, whose documents are whose. */
export const READ_MODELS = {
  timeline: { collection: timelineProjection.name, filters: { deptCode: { field: 'deptCode', type: 'string' } }, sort: [['deptCode', 1]], owner: project },
  board: {
    collection: closedLoopBoardProjection.name,
    filters: {
      fiscalYear: { field: 'fiscalYear', type: 'int' },
      deptCode: { field: 'deptCode', type: 'string' },
      unitCode: { field: 'unitCode', type: 'string' },
      stage: { field: 'currentStage', type: 'string' },
      status: { field: 'overallStatus', type: 'string' },
      overdue: { field: 'overdue', type: 'boolean' },
    },
    sort: [['fiscalYear', -1], ['deptCode', 1]],
    owner: project,
  },
  fundingLedger: {
    collection: fundingLedgerProjection.name,
    filters: { fiscalYear: { field: 'fiscalYear', type: 'int' }, deptCode: { field: 'deptCode', type: 'string' }, gate: { field: 'gate', type: 'string' } },
    sort: [['fiscalYear', -1], ['deptCode', 1]],
    owner: project,
  },
  rectification: {
    collection: rectificationTrackerProjection.name,
    filters: {
      fiscalYear: { field: 'fiscalYear', type: 'int' },
      deptCode: { field: 'deptCode', type: 'string' },
      status: { field: 'status', type: 'string' },
      overdue: { field: 'overdue', type: 'boolean' },
    },
    sort: [['deadline', 1]],
    owner: project,
  },
  warnings: {
    collection: warningBoardProjection.name,
    filters: {
      fiscalYear: { field: 'fiscalYear', type: 'int' },
      taskId: { field: 'taskId', type: 'string' },
      deptCode: { field: 'deptCode', type: 'string' },
      light: { field: 'projectLight', type: 'string' },
    },
    sort: [['taskId', -1], ['deptCode', 1]],
    owner: project,
  },
  departments: {
    collection: departmentOverviewProjection.name,
    filters: { fiscalYear: { field: 'fiscalYear', type: 'int' }, deptCode: { field: 'deptCode', type: 'string' } },
    sort: [['fiscalYear', -1], ['deptCode', 1]],
    owner: { dept: 'deptCode' },
  },
  discrepancies: {
    collection: discrepancyRegisterProjection.name,
    filters: {
      fiscalYear: { field: 'fiscalYear', type: 'int' },
      deptCode: { field: 'deptCode', type: 'string' },
      flagged: { field: 'flagged', type: 'boolean' },
      spotChecked: { field: 'spotChecked', type: 'boolean' },
    },
    sort: [['fiscalYear', -1], ['deptCode', 1]],
    owner: project,
  },
  notices: {
    collection: circulatedNoticesProjection.name,
    filters: { fiscalYear: { field: 'fiscalYear', type: 'int' }, reason: { field: 'reasons', type: 'string' }, deptCode: { field: 'deptCodes', type: 'string' } },
    sort: [['fiscalYear', -1]],
    owner: { dept: 'deptCodes' },
  },
  fiscalYears: { collection: fiscalYearRegisterProjection.name, filters: {}, sort: [['fiscalYear', -1]] },
} satisfies Record<string, ReadModelDefinition>;
