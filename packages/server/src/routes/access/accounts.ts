import { AccountView, CreateUserRequest, DisableAccountRequest, EndMembershipRequest, ErrorBody, MembershipRequest, ResetPasswordRequest, UnlockResult, UserCreated, UserList, UserListQuery } from '@continuum/contracts';
import { LIMITS, Text } from '@continuum/contracts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../../http/request.ts';
import { addMembership, disableAccount, enableAccount, endMembership, resetPassword, unlockAccount } from '../../services/access/account-lifecycle.ts';
import { createUser } from '../../services/access/accounts.ts';
import { listUsers } from '../../services/access/account-list.ts';
import type { Services } from '../../services/context.ts';

const UserParams = z.object({ id: Text.min(1).max(LIMITS.shortText) });
const refusals = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const NoBody = z.object({}).strict().optional();

const send = <T>(reply: FastifyReply, out: { status: number; body: T; replayed: boolean }) =>
  reply.status(out.status).header('idempotent-replay', String(out.replayed)).send(out.body);

/**
 * Account administration (ADR 0017): administrators manage accounts of their own agency only, or
 * of a region through an explicit grant whose every use alerts the privacy officer. Every change
 * goes through performWrite (Idempotency-Key, audit and feed in one transaction).
 */
export function accountRoutes(app: FastifyInstance, services: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/users', {
    config: { action: 'user.list' },
    schema: { tags: ['admin'], summary: 'The accounts of the agencies you manage (yours, and those a regional grant covers), searched by username or name', querystring: UserListQuery, response: { 200: UserList, 400: ErrorBody, 403: ErrorBody } },
  }, async (req) => listUsers(services, contextOf(req), req.query.q));

  r.post('/api/users', {
    config: { action: 'user.create' },
    schema: { tags: ['admin'], summary: 'Create a local account in your agency', body: CreateUserRequest, response: { 201: UserCreated, ...refusals } },
  }, async (req, reply) => send(reply, await createUser(services, contextOf(req), req.body)));

  r.post('/api/users/:id/disable', {
    config: { action: 'user.disable' },
    schema: { tags: ['admin'], summary: 'Disable an account: its sessions end and its live feeds close at once', params: UserParams, body: DisableAccountRequest, response: { 200: AccountView, ...refusals } },
  }, async (req, reply) => send(reply, await disableAccount(services, contextOf(req), req.params.id, req.body.reason)));

  r.post('/api/users/:id/enable', {
    config: { action: 'user.enable' },
    schema: { tags: ['admin'], summary: 'Enable a disabled account', params: UserParams, body: NoBody, response: { 200: AccountView, ...refusals } },
  }, async (req, reply) => send(reply, await enableAccount(services, contextOf(req), req.params.id)));

  r.post('/api/users/:id/unlock', {
    config: { action: 'user.unlock' },
    schema: { tags: ['admin'], summary: 'Clear the sign-in delays of an account, from every address', params: UserParams, body: NoBody, response: { 200: UnlockResult, ...refusals } },
  }, async (req, reply) => send(reply, await unlockAccount(services, contextOf(req), req.params.id)));

  r.post('/api/users/:id/password', {
    config: { action: 'user.password_reset' },
    schema: { tags: ['admin'], summary: "Set a new password for an account; its sessions end", params: UserParams, body: ResetPasswordRequest, response: { 200: AccountView, ...refusals } },
  }, async (req, reply) => send(reply, await resetPassword(services, contextOf(req), req.params.id, req.body.password)));

  r.post('/api/users/:id/memberships', {
    config: { action: 'user.membership.add' },
    schema: { tags: ['admin'], summary: 'Give an account a role in your agency', params: UserParams, body: MembershipRequest, response: { 200: AccountView, ...refusals } },
  }, async (req, reply) => send(reply, await addMembership(services, contextOf(req), req.params.id, req.body)));

  r.post('/api/users/:id/memberships/end', {
    config: { action: 'user.membership.end' },
    schema: { tags: ['admin'], summary: "End an account's role in an agency: its sessions and tokens end, its live feeds close", params: UserParams, body: EndMembershipRequest, response: { 200: AccountView, ...refusals } },
  }, async (req, reply) => send(reply, await endMembership(services, contextOf(req), req.params.id, req.body)));
}
