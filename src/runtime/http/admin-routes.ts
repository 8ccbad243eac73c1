import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CompiledManifest } from '../../core/engine/compiled-manifest.ts';
import type { ConnectorStatus } from '../connectors/connector-status.ts';
import type { Store } from '../store/store.ts';
import { profileIdFor } from './profile-lookup.ts';

export interface AdminDeps {
  store: Store;
  compiled: CompiledManifest;
  /** Bearer token; when absent the admin API answers 503 rather than running open. */
  token: string | undefined;
  /** Every connector's state (`GET /api/connectors`); 404 when the app does not provide it. */
  connectors?: () => Promise<ConnectorStatus[]>;
}

function authorized(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match) return false;
  const given = Buffer.from(match[1] as string);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `/api/*`: profiles and journey statistics, behind a bearer token (PATHWISE_ADMIN_TOKEN). */
export function registerAdminRoutes(app: FastifyInstance, deps: AdminDeps): void {
  app.register(async (api) => {
    api.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (deps.token === undefined || deps.token === '') return reply.code(503).send({ error: 'admin API disabled: set PATHWISE_ADMIN_TOKEN' });
      if (!authorized(request, deps.token)) return reply.code(401).send({ error: 'auth: missing or wrong bearer token' });
    });

    const profileView = async (id: string) => {
      const profile = await deps.store.getProfile(id);
      if (!profile) return undefined;
      const [outbox, decisions] = await Promise.all([deps.store.outboxForProfile(id, 50), deps.store.decisionsForProfile(id, 50)]);
      const outcomes = await deps.store.outcomesFor(outbox.map((o) => o.key));
      return {
        id: profile.id,
        identities: profile.identifiers,
        traits: profile.traits,
        owner: profile.owner ?? null,
        audiences: profile.audiences,
        firstSeen: new Date(profile.firstSeen).toISOString(),
        lastSeen: new Date(profile.lastSeen).toISOString(),
        eventCount: profile.eventCount,
        enrollments: profile.enrollments.map((e) => ({
          id: e.id,
          journeyId: e.journeyId,
          version: e.version,
          group: e.group,
          status: e.status,
          currentStep: e.status === 'active' ? (e.stepId ?? null) : null,
          enteredAt: new Date(e.enteredAt).toISOString(),
          waitingUntil: e.waiting ? new Date(e.waiting.dueAt).toISOString() : null,
          endReason: e.endReason ?? null,
          errors: e.errors,
        })),
        decisions: decisions.map((d) => JSON.parse(d.payload) as unknown),
        actions: outbox.map((o) => ({
          key: o.key,
          actionId: o.actionId,
          destination: o.destination,
          channel: o.channel,
          status: o.status,
          attempts: o.attempts,
          lastError: o.lastError ?? null,
          createdAt: new Date(o.createdAt).toISOString(),
          outcomes: outcomes.filter((x) => x.actionKey === o.key).map((x) => ({ outcome: x.outcome, at: new Date(x.at).toISOString(), source: x.source, ref: x.ref ?? null })),
          payload: JSON.parse(o.payload) as unknown,
        })),
      };
    };

    api.get('/api/profiles/:id', async (request, reply) => {
      const { id } = request.params as { id: string };
      const view = await profileView(id);
      return view ? view : reply.code(404).send({ error: `no profile ${id}` });
    });

    api.get('/api/profiles', async (request, reply) => {
      const query = request.query as Record<string, string | undefined>;
      const [type, value] = Object.entries(query).find(([, v]) => typeof v === 'string' && v !== '') ?? [];
      if (!type || value === undefined) return reply.code(400).send({ error: 'query: give one identifier, e.g. ?userId=u1 or ?email=a@b.com' });
      const id = await profileIdFor(deps.store, type, value);
      const view = id === undefined ? undefined : await profileView(id);
      return view ? view : reply.code(404).send({ error: `no profile with ${type} ${value}` });
    });

    // Per action: sends by status and what came of them (tasks completed, emails clicked).
    api.get('/api/actions', async () => {
      const stats = new Map((await deps.store.actionStats()).map((a) => [a.actionId, a]));
      return [...deps.compiled.actions.keys()].map((id) => {
        const a = stats.get(id) ?? { pending: 0, sent: 0, dead: 0, outcomes: {} };
        return { id, pending: a.pending, sent: a.sent, dead: a.dead, outcomes: a.outcomes };
      });
    });

    api.get('/api/connectors', async (_request, reply) => {
      if (!deps.connectors) return reply.code(404).send({ error: 'connector status is not available in this process' });
      return { connectors: await deps.connectors() };
    });

    api.get('/api/journeys', async () => {
      const [rows, standing] = await Promise.all([deps.store.journeyStats(), deps.store.journeyStepCounts()]);
      return deps.compiled.journeys.map((j) => {
        const mine = rows.filter((r) => r.journeyId === j.id);
        // Enrollments still on an older version of the journey count on the step of the same id.
        const now = (stepId: string) => standing.filter((r) => r.journeyId === j.id && r.stepId === stepId).reduce((n, r) => n + r.count, 0);
        const count = (kind: string) => mine.filter((r) => r.kind === kind).reduce((n, r) => n + r.count, 0);
        return {
          id: j.id,
          name: j.name,
          version: j.version,
          entered: count('entered'),
          heldOut: count('held_out'),
          goals: count('converted'),
          exited: count('exited'),
          completed: count('completed'),
          failed: count('failed'),
          steps: j.definition.steps.map((s) => ({
            id: s.id,
            type: s.type,
            entered: mine.filter((r) => r.kind === 'step' && r.stepId === s.id).reduce((n, r) => n + r.count, 0),
            now: now(s.id),
          })),
        };
      });
    });
  });
}
