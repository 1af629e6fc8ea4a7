import { Module } from '@nestjs/common';
import { AdjustNextYearBudgetHandler } from './adjust-next-year-budget.command.js';
import { AdjustPerformancePaymentHandler } from './adjust-performance-payment.command.js';
import { DiscloseResultsHandler } from './disclose-results.command.js';
import { FeedBackEvaluationResultHandler } from './feed-back-evaluation-result.command.js';
import { ReportToPeoplesCongressHandler } from './report-to-peoples-congress.command.js';

/** Results application (结果应用, 三(五)): feedback, next-year budgets, pay for performance, disclosure, the 人大. */
@Module({
  providers: [FeedBackEvaluationResultHandler, AdjustNextYearBudgetHandler, AdjustPerformancePaymentHandler, DiscloseResultsHandler, ReportToPeoplesCongressHandler],
})
export class ResultsModule {}
