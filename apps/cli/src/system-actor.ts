import type { Actor } from '../../../libs/event-store/src/event-store.port.js';

/** The actor of events the system writes by itself (seals; later the rule engine and deadline watcher). */
export const SYSTEM_ACTOR: Actor = { userId: 'budgetloop', name: 'BudgetLoop', role: 'SYSTEM', orgCode: 'SYSTEM', orgName: 'BudgetLoop 系统' };
