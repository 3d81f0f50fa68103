import { calendarDateIn, type CrewMember, type TrainedRole, type TrainingCourse, type UnitCapabilities } from '@continuum/domain';
import { DEMO_AGENCY_IDS } from './demo-region.ts';

/**
 * The demo teams' catalogue entries (issue 5 item 1): who rides each team, what it can do and
 * a shift covering the demo day. Pure data from the seed time; every person is made up. The
 * demo's own sign-ins are named by username and linked to their accounts when seeded.
 */

/** A crew member as the demo names them: by username when they have a demo sign-in. */
export type DemoCrewMember = Omit<CrewMember, 'userId'> & { username: string | null };

export interface DemoCatalogueEntry {
  unitId: string;
  crew: DemoCrewMember[];
  capabilities: UnitCapabilities;
  shift: { startsAt: Date; endsAt: Date };
}

const DAY_MS = 86_400_000;
const A = DEMO_AGENCY_IDS;

/** The demo crews, capabilities and shifts, dated from the seed time `now`. */
export function buildDemoCatalogue(now: Date): DemoCatalogueEntry[] {
  const daysAgo = (days: number) => calendarDateIn(new Date(now.getTime() - days * DAY_MS));
  const staff = (name: string, role: CrewMember['role'], hiredDaysAgo: number, o: Partial<DemoCrewMember> = {}): DemoCrewMember => ({
    name, username: null, role, hiredOn: daysAgo(hiredDaysAgo), credential: null, ...o,
  });
  // Two hours back and 22 ahead: whenever the demo starts, the teams are on shift for the day.
  const shift = { startsAt: new Date(now.getTime() - 2 * 3_600_000), endsAt: new Date(now.getTime() + 22 * 3_600_000) };
  const base: UnitCapabilities = { youth: false, languages: ['en'], naloxone: true, canTransport: false };
  return [
    {
      unitId: `${A.mcrt}-1`,
      crew: [
        staff('Elena Novak', 'mcrt_clinician', 2100, { username: 'clinician' }),
        // Hired about ten and a half months ago with no credential yet: the one-year warning shows.
        staff('Darnell Hayes', 'engagement_specialist', 315, { username: 'peer' }),
      ],
      capabilities: base,
      shift,
    },
    {
      unitId: `${A.mcrt}-2`,
      crew: [
        staff('Lucia Ferreira', 'mcrt_clinician', 1400),
        staff('Andre Whitaker', 'engagement_specialist', 900, { credential: { kind: 'CRSS', earnedOn: daysAgo(700) } }),
      ],
      capabilities: { ...base, youth: true, languages: ['en', 'es'] },
      shift,
    },
    {
      unitId: `${A.mcrt}-3`,
      crew: [
        staff('Naomi Pruitt', 'mcrt_clinician', 3000),
        staff('Caleb Osei', 'engagement_specialist', 120),
      ],
      capabilities: base,
      shift,
    },
    {
      unitId: `${A.coResponse}-1`,
      crew: [
        staff('Kyle Brandt', 'police_officer', 2900, { username: 'officer' }),
        staff('Meredith Sloan', 'mcrt_clinician', 1800),
      ],
      capabilities: { ...base, canTransport: true },
      shift,
    },
    // Issue 12 §8: the police and EMS units, each with a crew on the demo day.
    {
      unitId: `${A.sheriff}-co-response-2`,
      crew: [staff('Dana Kowalski', 'police_officer', 2400)],
      capabilities: base,
      shift,
    },
    {
      unitId: `${A.sheriff}-patrol-1`,
      crew: [staff('Victor Lindgren', 'police_officer', 800)],
      capabilities: base,
      shift,
    },
    {
      unitId: `${A.cityPolice}-1`,
      crew: [staff('Monique Harper', 'police_officer', 1600)],
      capabilities: base,
      shift,
    },
    {
      // The demo EMS sign-in rides Medic 1, so the field view has a crew for EMS too.
      unitId: `${A.ems}-1`,
      crew: [staff('Rosa Delgado', 'ems_crew', 2000, { username: 'ems' }), staff('Ibrahim Sadiq', 'ems_crew', 500)],
      capabilities: { ...base, canTransport: true },
      shift,
    },
    {
      unitId: `${A.ems}-2`,
      crew: [staff('Colleen Mahoney', 'ems_crew', 3200), staff('Trevor Boateng', 'ems_crew', 250)],
      capabilities: { ...base, canTransport: true },
      shift,
    },
  ];
}

/** A demo training record (issue 12 §6): a person by username when they sign in, else by name. */
export interface DemoTrainingRecord {
  agencyId: string;
  username: string | null;
  personName: string;
  personRole: TrainedRole;
  course: TrainingCourse;
  completedOn: string;
  hours: number;
}

/**
 * The demo's CIT and training records, dated from the seed time: the demo officer and the city
 * officer hold a current CIT course, the co-response deputy's runs out within the warning (a
 * refresher is due), the patrol deputy has none, and the demo telecommunicator's 8-hour course
 * is past due, so the supervisor's refresher list has something to show.
 */
export function buildDemoTraining(now: Date): DemoTrainingRecord[] {
  const daysAgo = (days: number) => calendarDateIn(new Date(now.getTime() - days * DAY_MS));
  return [
    { agencyId: A.sheriff, username: 'officer', personName: 'Kyle Brandt', personRole: 'police_officer', course: 'cit_40_hour', completedOn: daysAgo(400), hours: 40 },
    { agencyId: A.sheriff, username: null, personName: 'Dana Kowalski', personRole: 'police_officer', course: 'cit_40_hour', completedOn: daysAgo(1100), hours: 40 },
    { agencyId: A.sheriff, username: null, personName: 'Dana Kowalski', personRole: 'police_officer', course: 'cit_refresher', completedOn: daysAgo(700), hours: 8 },
    { agencyId: A.sheriff, username: null, personName: 'Victor Lindgren', personRole: 'police_officer', course: 'mental_health_first_aid', completedOn: daysAgo(300), hours: 8 },
    { agencyId: A.cityPolice, username: null, personName: 'Monique Harper', personRole: 'police_officer', course: 'cit_40_hour', completedOn: daysAgo(200), hours: 40 },
    { agencyId: A.cityPolice, username: null, personName: 'Monique Harper', personRole: 'police_officer', course: 'youth_cit', completedOn: daysAgo(150), hours: 16 },
    { agencyId: A.psap, username: 'telecom', personName: 'Jordan Whitfield', personRole: 'telecommunicator', course: 'telecommunicator_8_hour', completedOn: daysAgo(760), hours: 8 },
  ];
}
