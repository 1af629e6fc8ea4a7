import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';

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
const OCCURRED_AT = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** The fields every command body may carry besides its own: when, on what legal basis, with what evidence. */
export class CommandBodyDto {
  @IsOptional()
  @Matches(OCCURRED_AT, { message: 'occurredAt must be a date (YYYY-MM-DD) or an RFC 3339 time' })
  occurredAt?: string;

  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => LegalBasisDto)
  legalBasis?: LegalBasisDto[];

  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => EvidenceDto)
  evidence?: EvidenceDto[];

  /** A correction names the event of the same stream it supersedes; both stay in the history. */
  @IsOptional() @IsUUID() supersedes?: string;
}
