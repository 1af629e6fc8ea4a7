import { IsNotEmpty, IsObject, IsString, Matches, MaxLength } from 'class-validator';
import { CommandHandler } from '@nestjs/cqrs';
import { BUSINESS_DATE, IsRealDate, CommandBodyDto } from '../../event-sourcing/src/command-body.dto.js';
import { CommandRejected } from '../../event-sourcing/src/command-errors.js';
import type { Decide } from '../../event-sourcing/src/decider.js';
import { EnvelopedCommand, StreamCommandHandler } from '../../event-sourcing/src/stream-command-handler.js';
import { type RuleSetEvent, ruleSetStream } from './rule-set.events.js';
import { type RuleSetState, ruleSetModel } from './rule-set.state.js';
import type { Grade, RuleSet } from './rule-set.js';

export class PublishRuleSetDto extends CommandBodyDto {
  /** The whole rule set; its shape is checked by ruleSetProblems, so a partial one is refused field by field. */
  @IsObject() ruleSet: RuleSet;
  @IsRealDate() @Matches(BUSINESS_DATE, { message: 'effectiveFrom must be YYYY-MM-DD' }) effectiveFrom: string;
  @IsString() @IsNotEmpty() @MaxLength(2000) note: string;
}

type Payload = PublishRuleSetDto & { id: string };
export class PublishRuleSetCommand extends EnvelopedCommand<Payload> {}

const GRADES: Grade[] = ['EXCELLENT', 'GOOD', 'FAIR', 'POOR'];
const num = (value: unknown) => typeof value === 'number' && Number.isFinite(value);
const sum = (values: unknown[]) => values.reduce<number>((total, v) => total + (num(v) ? (v as number) : NaN), 0);

/** What is wrong with a rule set, in words finance can act on; empty when it is consistent. */
export function ruleSetProblems(r: RuleSet): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => ok || problems.push(problem);
  check(typeof r.version === 'string' && /^[A-Za-z0-9._-]{1,20}$/.test(r.version), 'version must be 1–20 letters, digits, . _ or -');
  const scale = Array.isArray(r.gradeScale) ? r.gradeScale : [];
  check(scale.map((s) => s?.grade).join() === GRADES.join(), `gradeScale must list ${GRADES.join(', ')} in that order`);
  check(scale.every((s, i) => num(s?.min) && (i === 0 || s.min < scale[i - 1].min)), 'gradeScale bounds must be numbers, strictly falling');
  check(scale[scale.length - 1]?.min === 0, 'the lowest grade must start at 0');
  const dims = Array.isArray(r.exAnte?.dimensions) ? r.exAnte.dimensions : [];
  check(dims.length > 0 && sum(dims.map((d) => d?.maxScore)) === 100, 'ex-ante dimension maxima must add up to 100');
  check(GRADES.every((g) => ['SUPPORT', 'SUPPORT_AFTER_REVISION', 'NOT_SUPPORTED'].includes(r.exAnte?.conclusionByGrade?.[g])), 'exAnte.conclusionByGrade needs a conclusion per grade');
  const w = r.targetWeights ?? ({} as RuleSet['targetWeights']);
  check(sum([w.outputAndCost, w.benefit, w.satisfaction, w.budgetExecution]) === 100, 'targetWeights must add up to 100');
  const be = r.monitoring?.budgetExecution;
  check(num(be?.red) && num(be?.yellow) && be.red < be.yellow, 'monitoring.budgetExecution needs red < yellow');
  const pi = r.monitoring?.positiveIndicator;
  check(num(pi?.red) && num(pi?.yellow) && num(pi?.blue) && pi.red < pi.yellow && pi.yellow < pi.blue, 'monitoring.positiveIndicator needs red < yellow < blue');
  check(Array.isArray(r.monitoring?.unproratedUnits), 'monitoring.unproratedUnits must be a list');
  check(num(r.spotCheckDiscrepancy?.minScoreDelta) && r.spotCheckDiscrepancy.minScoreDelta > 0, 'spotCheckDiscrepancy.minScoreDelta must be positive');
  const f = r.keyEvaluationFramework ?? ({} as RuleSet['keyEvaluationFramework']);
  check(sum([f.DECISION, f.PROCESS, f.OUTPUT, f.BENEFIT]) === 100, 'keyEvaluationFramework must add up to 100');
  check(GRADES.every((g) => num(r.budgetLinkage?.[g]?.adjustmentPercent)), 'budgetLinkage needs an adjustmentPercent per grade');
  return problems;
}

/** Finance publishes a new version of the rule set (domain.md §7); earlier versions stay and keep their scores. */
export const decidePublishRuleSet: Decide<Payload, RuleSetState, RuleSetEvent> = (cmd, state) => {
  const problems = ruleSetProblems(cmd.ruleSet);
  if (cmd.ruleSet.id !== cmd.id) problems.unshift(`ruleSet.id ${String(cmd.ruleSet.id)} does not match the rule set ${cmd.id}`);
  if (problems.length) throw new CommandRejected('RULE_SET_INVALID', problems.join('; '), { problems });
  if (state.versions.some((v) => v.ruleSet.version === cmd.ruleSet.version)) {
    throw new CommandRejected('RULE_SET_VERSION_EXISTS', `version ${cmd.ruleSet.version} of ${cmd.id} is already published; publish a new version`);
  }
  const latest = state.versions[state.versions.length - 1];
  if (latest && cmd.effectiveFrom < latest.effectiveFrom) {
    throw new CommandRejected('EFFECTIVE_DATE_BEFORE_LATEST', `version ${latest.ruleSet.version} is in force from ${latest.effectiveFrom}; a newer version cannot start earlier`);
  }
  return [{ type: 'RuleSetPublished', data: { ruleSet: cmd.ruleSet, effectiveFrom: cmd.effectiveFrom, note: cmd.note }, ruleSetVersion: cmd.ruleSet.version }];
};

@CommandHandler(PublishRuleSetCommand)
export class PublishRuleSetHandler extends StreamCommandHandler<Payload, Payload, RuleSetState, RuleSetEvent> {
  protected readonly spec = {
    name: 'PublishRuleSet',
    stream: (p: Payload) => ruleSetStream(p.id),
    model: ruleSetModel,
    decide: decidePublishRuleSet,
    id: (data: Record<string, unknown>) => String((data.ruleSet as RuleSet).version),
  } as const;
}
