import type { IncidentView, SessionView } from '@continuum/contracts';

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
