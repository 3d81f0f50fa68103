/** Services hand the domain its ids and its clock, so that decisions are reproducible in tests. */
export interface DecisionContext {
  now: Date;
  actor: { userId: string; role: string; agencyId: string };
}
