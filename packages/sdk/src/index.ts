export { createClient } from './client.ts';
export type {
  AuditFilterInput,
  AuditSearchInput,
  BreakGlassView,
  ClientOptions,
  ContinuumClient,
  CreateAgreementInput,
  CreateIncidentInput,
  IncidentEventListView,
  ListIncidentsQuery,
  ReadOptions,
  SignInInput,
  TransitionInput,
  TriageAnswerInput,
  TriageUndoInput,
  WriteOptions,
} from './client.ts';
export type { AdminClient, CreateTokenInput, CreateUserInput, EndMembershipInput, MembershipInput } from './admin-client.ts';
export type { OrganisationClient, CreateAgencyInput, CreateUnitInput, DistrictImportInput, ServiceAreaImportInput, UpdateAgencyInput, UpdateRegionInput, UpdateUnitInput } from './organisation-client.ts';
export type { FollowupClient } from './followup-client.ts';
export type { HandoffClient } from './handoff-client.ts';
export type { AssignInput, AssignmentActionInput, DestinationsInput, DispatchClient, NoteInput, UnitStatusInput } from './dispatch-client.ts';
export type { ArrivalInput, CapacityInput, FacilitiesClient } from './facilities-client.ts';
export { ApiError, isApiError, parseErrorBody } from './errors.ts';
export type { ApiIssue, ClientErrorCode } from './errors.ts';
export { subscribeFeed, resolveFeedUrl, backoffDelay } from './feed.ts';
export type { FeedOptions, FeedStatus, FeedStatusInfo, FeedSubscription, WebSocketLike } from './feed.ts';
export { newIdempotencyKey, isValidIdempotencyKey } from './idempotency.ts';
export { MetaView } from './meta.ts';
export type { DemoSignIn } from './meta.ts';
export type { FetchLike } from './transport.ts';
export type {
  AccountView,
  AgreementList,
  ManagedAgency,
  UserList,
  AgreementView,
  AuditPage,
  CadLinksView,
  AuditRecordView,
  AssignmentView,
  CaseloadView,
  EpisodeView,
  EpisodeAlertView,
  FhirBundle,
  DispatchAlertView,
  DispatchQueue,
  DestinationsView,
  FieldAssignment,
  IncidentTrail,
  RecommendationView,
  ResponseView,
  UnitList,
  UnitView,
  ArrivalView,
  CapacityView,
  FacilityList,
  FacilityView,
  FeedMessage,
  FeedReply,
  PositionBatch,
  PositionResult,
  IncidentList,
  IncidentView,
  PrivacyAlert,
  PrivacyAlertList,
  RegionGeography,
  SessionView,
  TriageView,
} from '@continuum/contracts';
export type { CreatePersonInput, PeopleClient, PersonLinkInput, SafetyPlanInput } from './people-client.ts';
export type { PersonCandidate, PersonCandidates, PersonView } from '@continuum/contracts';
export type { PushedFix } from '@continuum/contracts';
export type { TrainingClient, TrainingRecordInput } from './training-client.ts';
export type { ContactClient } from './contact-client.ts';
