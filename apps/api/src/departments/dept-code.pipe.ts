import { Injectable, type PipeTransform } from '@nestjs/common';
import { DEPT_CODE } from '../../../../libs/departments/src/set-department-overall-targets.command.js';
import { HttpProblem } from '../http/problem-details.filter.js';

@Injectable()
export class DeptCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!DEPT_CODE.test(value)) throw new HttpProblem(400, 'INVALID_DEPT_CODE', `${value} is not a department code such as D103`);
    return value;
  }
}
