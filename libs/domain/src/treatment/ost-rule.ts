/**
 * Opioid substitution therapy (methadone, buprenorphine) treats opioid dependence: a person is
 * on OST only if opiates are among what they are treated for. Without this rule, "Alcohol, on
 * OST" created an OST bridging task for someone with no opioid treatment to bridge.
 */
export function ostNeedsOpiates(treatment: { substances: readonly string[]; onOst: boolean }): boolean {
  return !treatment.onOst || treatment.substances.includes('opiates');
}
