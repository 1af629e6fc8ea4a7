import { Module } from '@nestjs/common';
import { GetRuleSetHandler } from './get-rule-set.query.js';
import { PublishRuleSetHandler } from './publish-rule-set.command.js';

/** Rule sets as versioned data (domain.md §7). */
@Module({ providers: [PublishRuleSetHandler, GetRuleSetHandler] })
export class RuleSetsModule {}
