import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateBy, type ValidationOptions, ValidateNested } from 'class-validator';

export class LegalBasisDto {
  @IsString() @IsNotEmpty() @MaxLength(200) docNo: string;
  @IsOptional() @IsString() @MaxLength(200) clause?: string;
}

export class EvidenceDto {
  @IsString() @IsNotEmpty() @MaxLength(300) name: string;
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hex digits' }) sha256: string;
  @IsOptional() @IsString() @MaxLength(1000) uri?: string;
}

export const BUSINESS_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A date that exists in the calendar: the pattern lets 2024-02-31 through, the immutable log must not. */
function isCalendarDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** With @Matches(BUSINESS_DATE): the date must also exist (no 31 February). */
export function IsRealDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRealDate',
      validator: {
        validate: (value) => typeof value !== 'string' || !BUSINESS_DATE.test(value) || isCalendarDate(value),
        defaultMessage: (args) => `${args?.property} must be a date that exists in the calendar`,
      },
    },
    options,
  );
}

/** occurredAt: a real date, and where a time is given, a real time (no 99:99). */
function IsRealDateTime(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRealDateTime',
      validator: {
        validate: (value) => {
          if (typeof value !== 'string' || !OCCURRED_AT.test(value)) return true;
          if (!isCalendarDate(value)) return false;
          const time = /T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
          return !time || (Number(time[1]) < 24 && Number(time[2]) < 60 && Number(time[3] ?? 0) < 60 && !Number.isNaN(Date.parse(value)));
        },
        defaultMessage: () => 'occurredAt must be a date and time that exist',
      },
    },
    options,
  );
}
const OCCURRED_AT = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** The fields every command body may carry besides its own: when, on what legal basis, with what evidence. */
export class CommandBodyDto {
  @IsOptional()
  @Matches(OCCURRED_AT, { message: 'occurredAt must be a date (YYYY-MM-DD) or an RFC 3339 time' })
  @IsRealDateTime()
  occurredAt?: string;

  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => LegalBasisDto)
  legalBasis?: LegalBasisDto[];

  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => EvidenceDto)
  evidence?: EvidenceDto[];

  /** A correction names the event of the same stream it supersedes; both stay in the history. */
  @IsOptional() @IsUUID() supersedes?: string;
}
