import { Module } from '@nestjs/common';
import { AdmitProjectToLibraryHandler } from './admit-project-to-library.command.js';
import { ApproveBudgetAndTargetsHandler } from './approve-budget-and-targets.command.js';
import { CommissionExAnteAssessmentHandler } from './commission-ex-ante-assessment.command.js';
import { DeclareProjectHandler } from './declare-project.command.js';
import { GetProjectEventsHandler, GetProjectHandler } from './get-project.query.js';
import { IncludeProjectInBudgetDraftHandler } from './include-project-in-budget-draft.command.js';
import { RecordExAnteAssessmentHandler } from './record-ex-ante-assessment.command.js';
import { RejectProjectFromLibraryHandler } from './reject-project-from-library.command.js';
import { ReviewExAnteAssessmentHandler } from './review-ex-ante-assessment.command.js';
import { ReviewPerformanceTargetsHandler } from './review-performance-targets.command.js';
import { SetPerformanceTargetsHandler } from './set-performance-targets.command.js';

/** The project bounded context: declaration, ex-ante assessment, targets, library, budget approval. */
@Module({
  providers: [
    DeclareProjectHandler,
    CommissionExAnteAssessmentHandler,
    RecordExAnteAssessmentHandler,
    ReviewExAnteAssessmentHandler,
    SetPerformanceTargetsHandler,
    ReviewPerformanceTargetsHandler,
    AdmitProjectToLibraryHandler,
    RejectProjectFromLibraryHandler,
    IncludeProjectInBudgetDraftHandler,
    ApproveBudgetAndTargetsHandler,
    GetProjectHandler,
    GetProjectEventsHandler,
  ],
})
export class ProjectsModule {}
