import type { LegalBasis } from '../../event-store/src/event-store.port.js';

/** 乳发〔2020〕3号, the implementing opinion every decision of the loop rests on. */
export const SEED_DOCUMENT = '乳发〔2020〕3号';

export const seedClause = (clause: string): LegalBasis[] => [{ docNo: SEED_DOCUMENT, clause }];
