import type { IncidentView, SessionView, TriageView } from '@continuum/contracts';

/** A session as the server answers it, with overrides. */
export function buildSession(overrides: Partial<SessionView> = {}): SessionView {
  return {
    user: { id: 'u-1', username: 'telecom', displayName: 'Tess Telecom' },
    role: 'telecommunicator',
    agency: { id: 'a-1', name: 'Champaign County 911' },
    regionId: 'r-1',
    abilities: ['incident.read', 'incident.create'],
    csrfToken: 'csrf-1',
    expiresAt: '2030-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** An incident view as the server answers it, with overrides. */
export function buildIncidentView(overrides: Partial<IncidentView> = {}): IncidentView {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    agencyId: 'a-1',
    regionId: 'r-1',
    entryPoint: '911',
    status: 'received',
    version: 1,
    riskLevel: null,
    protocolVersion: null,
    disposition: null,
    receivedAt: '2025-01-01T10:00:00.000Z',
    updatedAt: '2025-01-01T10:00:00.000Z',
    closedAt: null,
    allowedActions: ['triage', 'cancel'],
    location: { address: '1 Main St, Urbana' },
    summary: 'Caller worried about neighbour',
    redacted: [],
    ...overrides,
  };
}

/** An interview in progress at its first question, as the server answers it, with overrides. */
export function buildTriageView(overrides: Partial<TriageView> = {}): TriageView {
  return {
    incidentId: '00000000-0000-4000-8000-000000000001',
    incidentVersion: 1,
    incidentStatus: 'received',
    status: 'in_progress',
    protocolVersion: 'il-irlm@2025.09.0',
    level: 1,
    levelName: 'Low',
    emergent: false,
    decidingFactors: [],
    factorsChosen: [],
    nextQuestion: {
      id: 'immediate_danger',
      text: 'Is anyone in danger right now?',
      help: 'Any of these answers ends the interview at level 4.',
      multiple: true,
      answers: [
        { key: 'weapon', label: 'Weapon present', emergent: true, unknown: false },
        { key: 'none', label: 'No', emergent: false, unknown: false },
        { key: 'unsure', label: 'The caller is not sure', emergent: false, unknown: true },
      ],
    },
    provisional: false,
    unknowns: [],
    guidance: [],
    recommendedPlan: {
      level: 1,
      source: 'statewide',
      responseType: 'phone_988',
      responders: ['crisis_counsellor'],
      maxResponseMinutes: { default: 60 },
      policeRecommended: false,
      justifications: [],
      reasons: [],
      note: null,
    },
    answers: [],
    override: null,
    allowedActions: ['answer', 'escalate_to_911', 'route_to_cares', 'cancel'],
    ...overrides,
  };
}

export interface RecordedCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

type Reply = Response | Error | ((call: RecordedCall) => Response | Error);

/** A fake fetch that answers from a queue and records what it was sent. */
export function fakeFetch(replies: Reply[]) {
  const calls: RecordedCall[] = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const call: RecordedCall = {
      url,
      method: init.method ?? 'GET',
      headers: { ...(init.headers as Record<string, string>) },
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const next = replies.shift();
    if (next === undefined) throw new Error(`fakeFetch: no reply queued for ${call.method} ${url}`);
    const reply = typeof next === 'function' ? next(call) : next;
    if (reply instanceof Error) throw reply;
    return reply;
  };
  return { fetch, calls };
}

/** A JSON response with optional headers. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}
