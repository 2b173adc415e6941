// SPEC §5 and issue 10: which cells a new plan version may change. One rule for both ways a
// version is made (`crm import plan-…` and `crm plan revise`), so neither can do what the
// other refuses.
import { t } from '../i18n/index.js';

export interface PlanChangeRule {
  /** The month of --as-of: months before it are past and frozen. */
  currentMonth: string;
  /** `crm plan revise --from M`: only these months may change (M and the two after it). */
  window?: string[];
  /** --force: an admin changes what the rule would refuse. */
  force: boolean;
  /** A note saying why was given (--note): a past month changes only with --force and a note. */
  noted: boolean;
}

/** Why a cell of `month` may not change in a new version, or null when it may. */
export function planChangeRefusal(month: string, rule: PlanChangeRule): string | null {
  if (month < rule.currentMonth) {
    if (rule.force && rule.noted) return null;
    return t('plan.pastFrozen', month);
  }
  if (rule.window && !rule.window.includes(month) && !rule.force) {
    return t('plan.outsideRevision', rule.window[0]!, rule.window[rule.window.length - 1]!);
  }
  return null;
}
