import { Injectable, type PipeTransform } from '@nestjs/common';
import { PRO_CODE } from '../../../../libs/projects/src/declare-project.command.js';
import { HttpProblem } from '../http/problem-details.filter.js';

@Injectable()
export class ProCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!PRO_CODE.test(value)) throw new HttpProblem(400, 'INVALID_PRO_CODE', `${value} is not a project code such as 371083-2024-D101-001`);
    return value;
  }
}
