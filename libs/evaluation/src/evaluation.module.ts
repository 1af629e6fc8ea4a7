import { Module } from '@nestjs/common';
import { CommissionThirdPartyHandler } from './commission-third-party.command.js';
import { CompleteKeyEvaluationHandler } from './complete-key-evaluation.command.js';
import { FileSelfEvaluationHandler } from './file-self-evaluation.command.js';
import { GetEvaluationHandler } from './get-evaluation.query.js';
import { RecordSpotCheckHandler } from './record-spot-check.command.js';
import { ReviewSelfEvaluationHandler } from './review-self-evaluation.command.js';
import { SubmitKeyEvaluationReportHandler } from './submit-key-evaluation-report.command.js';
import { SubmitSelfEvaluationHandler } from './submit-self-evaluation.command.js';

/** The ex-post evaluation context: self-evaluation, competent review, filing, spot-check, key evaluation. */
@Module({
  providers: [
    SubmitSelfEvaluationHandler,
    ReviewSelfEvaluationHandler,
    FileSelfEvaluationHandler,
    CommissionThirdPartyHandler,
    RecordSpotCheckHandler,
    SubmitKeyEvaluationReportHandler,
    CompleteKeyEvaluationHandler,
    GetEvaluationHandler,
  ],
})
export class EvaluationModule {}
