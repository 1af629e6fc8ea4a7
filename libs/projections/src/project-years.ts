// Some events concern a project without naming a fiscal year (a library rejection, a termination, an
// accountability referral), yet the read models are kept per project and year. Projections can only key on the
// event itself, so these helpers read the years the event implies from what it does carry.
import type { ProjectedEvent } from '../../read-store/src/projection.js';
import { businessDate } from '../../event-sourcing/src/business-date.js';

/** Streams kept per project and fiscal year: `{kind}-{proCode}-{fiscalYear}`. */
const PROJECT_YEAR_STREAM = /^(?:evaluation|keyevaluation|funding|monitoring|results)-(.+)-(\d{4})$/;

/** The project and year of a per-project-year stream (`evaluation-371083-2024-D102-003-2024`), if it is one. */
export function projectYearOfStream(stream: string): { proCode: string; fiscalYear: number } | undefined {
  const match = PROJECT_YEAR_STREAM.exec(stream);
  return match ? { proCode: match[1], fiscalYear: Number(match[2]) } : undefined;
}

/**
 * The year a project code was issued for (`371083-2024-D105-004` → 2024): the codes carry it by construction
 * (PRO_CODE), and for a single-year project it is the only year it has.
 */
export function codeYear(proCode: string): number | undefined {
  const match = /^\d{6}-(\d{4})-/.exec(proCode);
  return match ? Number(match[1]) : undefined;
}

/**
 * The years a project-wide event without a fiscal year of its own reaches: the year the runner's subject gives
 * it, the year its effective date falls in (a termination), and the year of the project's code. A multi-year
 * project's other plan years are out of reach of keys(), which sees only the event.
 */
export function projectWideYears(event: ProjectedEvent, proCode: string): number[] {
  const years = new Set<number>();
  if (event.subject.fiscalYear !== undefined) years.add(event.subject.fiscalYear);
  if (typeof event.data.effectiveOn === 'string') years.add(Number(event.data.effectiveOn.slice(0, 4)));
  const fromCode = codeYear(proCode);
  if (fromCode !== undefined) years.add(fromCode);
  return [...years];
}

/** The Asia/Shanghai business date the event happened on (its occurredAt), as registers show it. */
export const happenedOn = (event: ProjectedEvent): string => businessDate(event.metadata.occurredAt);
