import { Injectable, type PipeTransform } from '@nestjs/common';
import { CASE_ID } from '../../../../libs/rectification/src/rectification-guards.js';
import { HttpProblem } from '../http/problem-details.filter.js';

@Injectable()
export class CaseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!CASE_ID.test(value)) throw new HttpProblem(400, 'INVALID_CASE_ID', `${value} is not a rectification case id such as RC-2024-P4-01`);
    return value;
  }
}
