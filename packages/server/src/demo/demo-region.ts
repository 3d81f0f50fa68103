import { ROLES, type AgencyKind, type Role } from '@continuum/domain';
import { countyOutline, townInCounty, type CountyOutline } from '../geo/county.ts';

/**
 * The demo region seeded on first start (issue 2 item 8): Champaign County, Illinois, in EMS
 * Region 6. Towns and the county outline are real data; every organisation name is generic and
 * every person is made up. Proper names use US spelling ("Center", "Program") because that is how
 * Illinois organisations write them; identifiers keep the house spelling.
 */

// The kinds of organisation live in the domain now (admin/organisation.ts): administrators create agencies too.
export { AGENCY_KINDS, type AgencyKind } from '@continuum/domain';

/** The response models the demo teams use (DOMAIN.md §4). */
export type DemoTeamModel = 'program_590_mcrt' | 'law_enforcement_co_response_embedded' | 'law_enforcement_co_response_meet_on_site' | 'law_enforcement' | 'ems';

export interface DemoRegion {
  id: string;
  kind: 'state' | 'ems_region' | 'subregion';
  name: string;
  parentId: string | null;
}

export interface DemoAgency {
  id: string;
  regionId: string;
  kind: AgencyKind;
  name: string;
  /** Null for bodies that are not located in the county (the state agency, the RAC). */
  countyFips: string | null;
  lat: number | null;
  lon: number | null;
  town: string | null;
}

export interface DemoTeam {
  id: string;
  agencyId: string;
  /** Agencies that staff the team besides its owner, such as the sheriff on a co-response team. */
  partnerAgencyIds: string[];
  name: string;
  model: DemoTeamModel;
  composition: Role[];
  home: { lat: number; lon: number; town: string };
}

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  agencyId: string;
}

export interface DemoRegionData {
  county: { fips: string; name: string; outline: CountyOutline };
  regions: DemoRegion[];
  agencies: DemoAgency[];
  teams: DemoTeam[];
  users: DemoUser[];
}

/** The one password of every demo account. Demo only: never seed it outside a demonstration. */
export const DEMO_PASSWORD = 'continuum-demo';

export const DEMO_COUNTY_FIPS = '17019';
export const DEMO_REGION_ID = 'il-ems-6';

const STATE_ID = 'il';

/** Agency ids, named once so that teams and users cannot point at a misspelt one. */
export const DEMO_AGENCY_IDS = {
  state: 'il-idhs-dmh',
  rac: 'il-ems-6-rac',
  psap: 'champaign-911',
  lifeline: 'champaign-988',
  mcrt: 'champaign-mcrt',
  coResponse: 'champaign-co-response',
  sheriff: 'champaign-sheriff',
  cityPolice: 'urbana-police',
  ems: 'champaign-ems',
  stabilisation: 'champaign-stabilisation',
  livingRoom: 'rantoul-living-room',
  ccbhc: 'champaign-ccbhc',
  edUrbana: 'urbana-ed',
  edChampaign: 'champaign-ed',
  followup: 'champaign-followup',
} as const;
const A = DEMO_AGENCY_IDS;

/** Agencies in the county: [id, kind, name, town]. Towns spread them as real services are. */
const LOCAL_AGENCIES: [string, AgencyKind, string, string][] = [
  [A.psap, 'psap', 'Champaign County Emergency Communications (911)', 'Urbana'],
  [A.lifeline, '988_centre', 'East Central Illinois 988 Crisis Line', 'Champaign'],
  [A.mcrt, 'mcrt_provider', 'Community Crisis Services', 'Champaign'],
  [A.coResponse, 'co_response_programme', 'Champaign County Crisis Co-Response Program', 'Urbana'],
  [A.sheriff, 'law_enforcement', "Champaign County Sheriff's Office", 'Urbana'],
  [A.cityPolice, 'law_enforcement', 'Urbana Police Department', 'Urbana'],
  [A.ems, 'ems', 'County Ambulance Service', 'Savoy'],
  [A.stabilisation, 'crisis_stabilisation_centre', 'East Central Crisis Stabilization Center', 'Urbana'],
  [A.livingRoom, 'living_room', 'Rantoul Living Room', 'Rantoul'],
  [A.ccbhc, 'ccbhc', 'Champaign Community Behavioral Health Clinic (CCBHC)', 'Champaign'],
  [A.edUrbana, 'emergency_department', 'Urbana Regional Hospital Emergency Department', 'Urbana'],
  [A.edChampaign, 'emergency_department', 'Champaign General Hospital Emergency Department', 'Champaign'],
  [A.followup, 'followup_provider', 'Crisis Follow-Up and Recovery Services', 'Mahomet'],
];

/**
 * Where each role's demo user works. Two choices need a reason:
 * - rac_analyst: the analyst serves Region 6's Regional Advisory Committee, so they belong to a
 *   RAC body inside il-ems-6; a session's region comes from its agency, and a state-agency
 *   membership would give them the whole state instead of their region's aggregates.
 * - administrator: the PSAP, which in the demo hosts the shared system for the county. It manages
 *   the PSAP's accounts only; other agencies' accounts need a regional grant given from the
 *   command line (`continuum admin grant`, ADR 0017), which the demo does not give.
 */
const DEMO_STAFF: Record<Role, Omit<DemoUser, 'role'>> = {
  telecommunicator: { username: 'telecom', displayName: 'Jordan Whitfield', agencyId: A.psap },
  crisis_counsellor: { username: 'counsellor', displayName: 'Priya Raman', agencyId: A.lifeline },
  crisis_dispatcher: { username: 'dispatcher', displayName: 'Marcus Bell', agencyId: A.mcrt },
  mcrt_clinician: { username: 'clinician', displayName: 'Elena Novak', agencyId: A.mcrt },
  engagement_specialist: { username: 'peer', displayName: 'Darnell Hayes', agencyId: A.mcrt },
  police_officer: { username: 'officer', displayName: 'Kyle Brandt', agencyId: A.sheriff },
  ems_crew: { username: 'ems', displayName: 'Rosa Delgado', agencyId: A.ems },
  case_manager: { username: 'casemanager', displayName: 'Hannah Lindqvist', agencyId: A.followup },
  facility_intake: { username: 'intake', displayName: 'Tomas Ibarra', agencyId: A.livingRoom },
  supervisor: { username: 'supervisor', displayName: 'Gwen Okafor', agencyId: A.mcrt },
  rac_analyst: { username: 'analyst', displayName: 'Wei Chen', agencyId: A.rac },
  auditor: { username: 'auditor', displayName: 'Patricia Moreau', agencyId: A.state },
  privacy_officer: { username: 'privacy', displayName: 'Samuel Adeyemi', agencyId: A.state },
  administrator: { username: 'admin', displayName: 'Alex Morgan', agencyId: A.psap },
};

const MCRT_CREW: Role[] = ['mcrt_clinician', 'engagement_specialist'];

/** The demo tenancy, teams and users of Champaign County; pure data apart from reading the geo files. */
export function buildDemoRegion(): DemoRegionData {
  const fips = DEMO_COUNTY_FIPS;
  const outline = countyOutline(fips);
  const at = (town: string) => {
    const t = townInCounty(fips, town);
    return { lat: t.lat, lon: t.lon, town: t.name };
  };

  const regions: DemoRegion[] = [
    { id: STATE_ID, kind: 'state', name: 'Illinois', parentId: null },
    { id: DEMO_REGION_ID, kind: 'ems_region', name: 'EMS Region 6 (East Central)', parentId: STATE_ID },
    { id: `${DEMO_REGION_ID}-champaign`, kind: 'subregion', name: 'Champaign County', parentId: DEMO_REGION_ID },
  ];

  const agencies: DemoAgency[] = [
    // The state agency sits in Springfield, outside the county, so it has no position here.
    {
      id: A.state,
      regionId: STATE_ID,
      kind: 'state_agency',
      name: 'Illinois Department of Human Services, Division of Mental Health',
      countyFips: null,
      lat: null,
      lon: null,
      town: null,
    },
    // A committee, not a service point: it has members, not a station.
    {
      id: A.rac,
      regionId: DEMO_REGION_ID,
      kind: 'regional_advisory_committee',
      name: 'EMS Region 6 Regional Advisory Committee',
      countyFips: null,
      lat: null,
      lon: null,
      town: null,
    },
    ...LOCAL_AGENCIES.map(([id, kind, name, town]) => ({ id, regionId: DEMO_REGION_ID, kind, name, countyFips: fips, ...at(town) })),
  ];

  const teams: DemoTeam[] = [
    // Three MCRT bases spread over the county so that recommendations have a real choice to make.
    ...(['Champaign', 'Rantoul', 'Mahomet'] as const).map((town, i) => ({
      id: `${A.mcrt}-${i + 1}`,
      agencyId: A.mcrt,
      partnerAgencyIds: [],
      name: `Mobile Crisis ${i + 1}`,
      model: 'program_590_mcrt' as const,
      composition: [...MCRT_CREW],
      home: at(town),
    })),
    // The seed article's model: a provider clinician embedded with sheriff's deputies.
    {
      id: `${A.coResponse}-1`,
      agencyId: A.coResponse,
      partnerAgencyIds: [A.sheriff, A.mcrt],
      name: 'Sheriff Co-Response 1',
      model: 'law_enforcement_co_response_embedded',
      composition: ['police_officer', 'mcrt_clinician'],
      home: at('Urbana'),
    },
    // Issue 12 §8: police and EMS, so that every level ranks someone. A deputy who meets the MCRT
    // on site (the level-3 co-response of the region's plan is two units), patrol cars of the
    // sheriff and the city, and two ambulances (level 4 is police + EMS, also two units).
    {
      id: `${A.sheriff}-co-response-2`,
      agencyId: A.sheriff,
      partnerAgencyIds: [],
      name: 'Sheriff Co-Response Deputy 2',
      model: 'law_enforcement_co_response_meet_on_site',
      composition: ['police_officer'],
      home: at('Rantoul'),
    },
    {
      id: `${A.sheriff}-patrol-1`,
      agencyId: A.sheriff,
      partnerAgencyIds: [],
      name: 'Sheriff Patrol 1',
      model: 'law_enforcement',
      composition: ['police_officer'],
      home: at('Mahomet'),
    },
    {
      id: `${A.cityPolice}-1`,
      agencyId: A.cityPolice,
      partnerAgencyIds: [],
      name: 'Urbana Police 1',
      model: 'law_enforcement',
      composition: ['police_officer'],
      home: at('Urbana'),
    },
    ...(['Savoy', 'Rantoul'] as const).map((town, i) => ({
      id: `${A.ems}-${i + 1}`,
      agencyId: A.ems,
      partnerAgencyIds: [],
      name: `Medic ${i + 1}`,
      model: 'ems' as const,
      composition: ['ems_crew'] as Role[],
      home: at(town),
    })),
  ];

  const users: DemoUser[] = ROLES.map((role) => ({ role, ...DEMO_STAFF[role] }));

  return { county: { fips, name: 'Champaign County', outline }, regions, agencies, teams, users };
}
