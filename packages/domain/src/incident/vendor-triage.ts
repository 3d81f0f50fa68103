import { invalid } from '../errors.ts';
import { recommendPlan } from '../triage/plan.ts';
import { protocolVersionOf, type CallHandlingVendor, type Protocol } from '../triage/types.ts';
import type { Triage } from './types.ts';

/**
 * A determination from a call-handling vendor's incident code (MPDS, PPDS, Total Response, APCO):
 * for PSAPs whose CAD already ran its own protocol. The level comes from the pinned protocol's
 * mapping, the plan from the same protocol; no factor is recorded because none was asked, so a
 * vendor code alone never justifies police beyond what its level's plan says.
 */
export function triageFromVendorCode(protocol: Protocol, vendor: CallHandlingVendor, code: string, regionId: string): Triage {
  const wanted = code.trim().toUpperCase();
  const mapping = protocol.vendorCodes.find((m) => m.vendor === vendor && m.code.toUpperCase() === wanted);
  if (!mapping) {
    throw invalid([{ field: 'code', rule: 'unmapped', message: `${protocolVersionOf(protocol)} maps no ${vendor} code "${code}"; use the guided interview` }]);
  }
  const plan = recommendPlan(protocol, mapping.level, [], { regionId, crisisTeamUnavailable: null });
  return {
    level: mapping.level,
    protocolVersion: protocolVersionOf(protocol),
    factors: [],
    decidingFactors: [],
    emergent: mapping.level === 4,
    recommended: {
      responseType: plan.responseType,
      responders: [...plan.responders],
      maxResponseMinutes: plan.maxResponseMinutes?.default ?? null,
      youthMaxResponseMinutes: plan.maxResponseMinutes?.['youth'] ?? null,
      policeRecommended: plan.policeRecommended,
      justifications: plan.justifications.map((j) => j.code),
    },
    vendorCode: { vendor, code: mapping.code },
  };
}
