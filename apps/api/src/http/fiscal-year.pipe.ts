import { Injectable, type PipeTransform } from '@nestjs/common';
import { HttpProblem } from './problem-details.filter.js';

/** A fiscal year in a path: a calendar year the system can hold (2000–2100), not any integer. */
@Injectable()
export class FiscalYearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^\d{4}$/.test(value) || Number(value) < 2000 || Number(value) > 2100) {
      throw new HttpProblem(400, 'INVALID_FISCAL_YEAR', `${value} is not a fiscal year (2000–2100)`);
    }
    return Number(value);
  }
}
