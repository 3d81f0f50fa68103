import { sql, type Kysely } from 'kysely';
import type { TrainedRole, TrainingCourse } from '@continuum/domain';
import type { Tables } from '../schema.ts';

/** One course taken by an officer or a telecommunicator (migration 0033). */
export interface TrainingRecord {
  id: string;
  agencyId: string;
  /** The person's account; null for a crew member without a sign-in (matched by name in the agency). */
  userId: string | null;
  personName: string;
  personRole: TrainedRole;
  course: TrainingCourse;
  completedOn: string;
  hours: number;
  expiresOn: string | null;
  recordedBy: string;
  recordedAt: Date;
}

/** CIT and training records (issue 12 §6). */
export class TrainingRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async insert(r: TrainingRecord): Promise<void> {
    await this.db
      .insertInto('training_records')
      .values({
        id: r.id, agency_id: r.agencyId, user_id: r.userId, person_name: r.personName, person_role: r.personRole, course: r.course,
        completed_on: r.completedOn, hours: r.hours, expires_on: r.expiresOn, recorded_by: r.recordedBy, recorded_at: r.recordedAt,
      })
      .execute();
  }

  /** The records of the given agencies, by person then date. */
  async ofAgencies(agencyIds: readonly string[]): Promise<TrainingRecord[]> {
    if (agencyIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('training_records')
      .select(['id', 'agency_id', 'user_id', 'person_name', 'person_role', 'course', 'hours', 'recorded_by', 'recorded_at'])
      // to_char, so a calendar day stays a day on both drivers, whatever the server's time zone.
      .select([sql<string>`to_char(completed_on, 'YYYY-MM-DD')`.as('completed_on'), sql<string | null>`to_char(expires_on, 'YYYY-MM-DD')`.as('expires_on')])
      .where('agency_id', 'in', agencyIds)
      .orderBy('agency_id')
      .orderBy('person_name')
      .orderBy('completed_on')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id, agencyId: r.agency_id, userId: r.user_id, personName: r.person_name, personRole: r.person_role as TrainedRole,
      course: r.course as TrainingCourse, completedOn: r.completed_on, hours: Number(r.hours), expiresOn: r.expires_on,
      recordedBy: r.recorded_by, recordedAt: new Date(r.recorded_at),
    }));
  }
}
