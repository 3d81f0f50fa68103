/** One area of the console: where it lives, its `g <key>` shortcut, and what it is for. */
export interface Area {
  id: string;
  path: string;
  label: string;
  /** Second key of the `g <key>` shortcut. */
  key: string;
  /** What the area will do, for the empty state until a later issue builds it. */
  purpose?: string;
  /** What to do meanwhile. */
  meanwhile?: string;
}

export const INCIDENTS: Area = { id: 'incidents', path: '/incidents', label: 'Incidents', key: 'i' };
/** Taking a call: `/intake` is the new-call form, `/intake/<incident id>` the guided interview. */
export const INTAKE: Area = { id: 'intake', path: '/intake', label: 'Intake', key: 'n' };

/** Every area in navigation order; Incidents and Intake are built so far. */
export const AREAS: readonly Area[] = [
  INCIDENTS,
  INTAKE,
  {
    id: 'dispatch',
    path: '/dispatch',
    label: 'Dispatch board',
    key: 'd',
    purpose:
      'See every incident waiting for a response, with mobile crisis teams ranked by arrival time, and send one. A police dispatch on a behavioural-health call records its CESSA justification.',
    meanwhile: 'Dispatch by radio and phone as today. Watch new and triaged incidents under Incidents (g i).',
  },
  {
    id: 'field',
    path: '/field',
    label: 'Field',
    key: 'f',
    purpose:
      'For mobile crisis teams, police and EMS on the road: the current assignment, en route, on scene and transporting in one tap, and the safety facts your role may see.',
    meanwhile: 'Report your status to the crisis dispatcher by radio.',
  },
  {
    id: 'follow-up',
    path: '/follow-up',
    label: 'Follow-up',
    key: 'u',
    purpose:
      'Follow-up after a crisis: contact attempts, visits due (3 to 30 days for mobile crisis, up to 60 for co-response), referrals and how each episode ended.',
    meanwhile: 'Keep follow-up in your agency’s case record. Ended incidents are listed under Incidents (g i), filter “Ended”.',
  },
  {
    id: 'facilities',
    path: '/facilities',
    label: 'Facilities',
    key: 'b',
    purpose:
      'Beds and intake status in real time at crisis stabilisation centres, Living Rooms, CCBHCs and emergency departments, and hand-offs to them.',
    meanwhile: 'Phone the facility to confirm it can take the person before transport.',
  },
  {
    id: 'reports',
    path: '/reports',
    label: 'Reports',
    key: 'r',
    purpose:
      'Monthly aggregate reports for the Regional Advisory Committee: call volumes, 911–988 coordination, response times and police diversion, with no individual-level data.',
    meanwhile: 'Nothing to do yet: every incident’s events are already recorded for these reports.',
  },
  {
    id: 'admin',
    path: '/admin',
    label: 'Admin',
    key: 'a',
    purpose: 'Agencies, users and roles, API tokens for machine clients, triage protocol versions and the audit trail.',
    meanwhile: 'Add users with the command line: npx continuum user add --help',
  },
];

/** The area a hash path belongs to; unknown paths fall back to Incidents. */
export function findArea(path: string): Area {
  return AREAS.find((a) => path === a.path || path.startsWith(`${a.path}/`)) ?? INCIDENTS;
}
