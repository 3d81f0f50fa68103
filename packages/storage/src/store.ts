import { TrainingRepository } from './repositories/training.ts';
import type { Kysely } from 'kysely';
import type { Database } from './connect.ts';
import { ApiTokenRepository, CredentialRepository, SessionRepository, UserRepository } from './repositories/accounts.ts';
import { AdminGrantRepository, SignInThrottleRepository } from './repositories/account-controls.ts';
import { AuditRepository } from './repositories/audit.ts';
import { DistrictRepository } from './repositories/districts.ts';
import { EidoRepository } from './repositories/eido.ts';
import { FacilityRepository } from './repositories/facilities.ts';
import { FeedRepository } from './repositories/feed.ts';
import { FollowupRepository } from './repositories/followup.ts';
import { HandoffRepository } from './repositories/handoffs.ts';
import { HistoryRepository } from './repositories/history.ts';
import { ContactMessageRepository } from './repositories/contact-messages.ts';
import { IdempotencyRepository } from './repositories/idempotency.ts';
import { ExternalIdentityRepository, OidcLoginRepository } from './repositories/identities.ts';
import { IncidentRepository } from './repositories/incidents.ts';
import { OrganisationRepository } from './repositories/organisations.ts';
import { Part2Repository } from './repositories/part2.ts';
import { ProtocolRepository } from './repositories/protocols.ts';
import { ConsentRepository } from './repositories/consents.ts';
import { PeopleRepository } from './repositories/people.ts';
import { ReportRepository } from './repositories/reports.ts';
import { ReportFactsRepository } from './repositories/report-facts.ts';
import { ReportDrillRepository } from './repositories/report-drill.ts';
import { RetentionRepository } from './repositories/retention.ts';
import { SharingRepository } from './repositories/sharing.ts';
import { UnitRepository } from './repositories/units.ts';
import { UnitStatusRepository } from './repositories/unit-status.ts';
import { UnitCatalogueRepository } from './repositories/unit-catalogue.ts';
import type { Tables } from './schema.ts';

/** Every repository, bound to one executor: the database itself or one open transaction. */
export interface Repositories {
  incidents: IncidentRepository;
  /** Part 2 records of incidents: a stream of their own (ADR 0016). */
  part2: Part2Repository;
  feed: FeedRepository;
  audit: AuditRepository;
  idempotency: IdempotencyRepository;
  users: UserRepository;
  sessions: SessionRepository;
  tokens: ApiTokenRepository;
  signInThrottle: SignInThrottleRepository;
  adminGrants: AdminGrantRepository;
  identities: ExternalIdentityRepository;
  oidcLogins: OidcLoginRepository;
  organisations: OrganisationRepository;
  /** Police districts, municipalities and beats (migration 0020). */
  districts: DistrictRepository;
  units: UnitRepository;
  unitStatus: UnitStatusRepository;
  unitCatalogue: UnitCatalogueRepository;
  /** CIT and training records of officers and telecommunicators (migration 0033). */
  training: TrainingRepository;
  protocols: ProtocolRepository;
  sharing: SharingRepository;
  credentials: CredentialRepository;
  reports: ReportRepository;
  /** The RAC report's per-incident facts (ADR 0040). */
  reportFacts: ReportFactsRepository;
  reportDrill: ReportDrillRepository;
  consents: ConsentRepository;
  facilities: FacilityRepository;
  followup: FollowupRepository;
  /** Hand-offs between agencies and the access they give (ADR 0028). */
  handoffs: HandoffRepository;
  contactMessages: ContactMessageRepository;
  people: PeopleRepository;
  /** NENA EIDO links, CAD subscriptions and the delivery outbox (ADR 0029). */
  eido: EidoRepository;
  /** Pruning of the feed and the position history by age (ADR 0023); its batches open their own transactions. */
  retention: RetentionRepository;
  /** Simulated history (issue 13 §5, ADR 0037): bulk writes of simulated calls, every row flagged. */
  history: HistoryRepository;
}

const bind = (db: Kysely<Tables>, feedChannel: string): Repositories => ({
  incidents: new IncidentRepository(db),
  part2: new Part2Repository(db),
  feed: new FeedRepository(db, feedChannel),
  audit: new AuditRepository(db),
  idempotency: new IdempotencyRepository(db),
  users: new UserRepository(db),
  sessions: new SessionRepository(db),
  tokens: new ApiTokenRepository(db),
  signInThrottle: new SignInThrottleRepository(db),
  adminGrants: new AdminGrantRepository(db),
  identities: new ExternalIdentityRepository(db),
  oidcLogins: new OidcLoginRepository(db),
  organisations: new OrganisationRepository(db),
  districts: new DistrictRepository(db),
  units: new UnitRepository(db),
  unitStatus: new UnitStatusRepository(db),
  unitCatalogue: new UnitCatalogueRepository(db),
  training: new TrainingRepository(db),
  protocols: new ProtocolRepository(db),
  sharing: new SharingRepository(db),
  credentials: new CredentialRepository(db),
  reports: new ReportRepository(db),
  reportFacts: new ReportFactsRepository(db),
  reportDrill: new ReportDrillRepository(db),
  consents: new ConsentRepository(db),
  facilities: new FacilityRepository(db),
  followup: new FollowupRepository(db),
  handoffs: new HandoffRepository(db),
  contactMessages: new ContactMessageRepository(db),
  people: new PeopleRepository(db),
  eido: new EidoRepository(db),
  retention: new RetentionRepository(db),
  history: new HistoryRepository(db),
});

/** The storage port the server uses: plain reads, or a unit of work in one transaction. */
export class Store {
  readonly read: Repositories;

  constructor(
    readonly database: Database,
    readonly feedChannel: string,
  ) {
    this.read = bind(database.db, feedChannel);
  }

  /** Runs `work` in one transaction: all of its writes commit together or none do. */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    return this.database.db.transaction().execute((trx) => work(bind(trx, this.feedChannel)));
  }
}
