import { notFound, oauthError } from '../errors.ts';
import type { Route } from '../router.ts';
import { OAUTH_TTL_SECONDS } from '../tokens.ts';
import { asRecord, requireParam, type RouteDeps } from './route-deps.ts';

/** `POST /oauth/v1/token` (refresh_token grant, form body) and `GET /oauth/v1/access-tokens/{token}`. */
export function oauthRoutes(deps: RouteDeps): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/oauth/v1/token',
      auth: 'none',
      handler: (ctx) => {
        const form = asRecord(ctx.body ?? {}, 'body');
        const field = (name: string) => (typeof form[name] === 'string' ? form[name] : '');
        if (field('grant_type') !== 'refresh_token') throw oauthError('BAD_GRANT_TYPE', `unsupported grant_type: ${field('grant_type')}`);
        const outcome = deps.tokens.refresh(field('client_id'), field('client_secret'), field('refresh_token'));
        if (!outcome.ok) {
          const messages = {
            BAD_CLIENT_ID: 'missing or unknown client id',
            BAD_CLIENT_SECRET: 'missing or invalid client secret',
            BAD_REFRESH_TOKEN: 'missing or invalid refresh token',
          } as const;
          throw oauthError(outcome.error, messages[outcome.error]);
        }
        return {
          status: 200,
          body: { token_type: 'bearer', refresh_token: outcome.refreshToken, access_token: outcome.token.token, expires_in: OAUTH_TTL_SECONDS },
        };
      },
    },
    {
      method: 'GET',
      pattern: '/oauth/v1/access-tokens/:token',
      auth: 'none',
      handler: (ctx) => {
        const token = deps.tokens.find(requireParam(ctx.params, 'token'));
        // [UNVERIFIED] HubSpot's answer for an unknown token; 404 keeps it distinguishable from a 200.
        if (!token || token.revoked) throw notFound('Token not found');
        const remaining = token.expiresAt === undefined ? OAUTH_TTL_SECONDS : Math.max(0, Math.floor((token.expiresAt - deps.clock.now()) / 1000));
        return {
          status: 200,
          body: {
            token: token.token,
            user: token.user,
            hub_domain: `portal-${token.hubId}.hubspot.com`,
            scopes: token.scopes ?? ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.deals.read', 'crm.objects.deals.write', 'crm.objects.owners.read', 'crm.lists.read', 'crm.lists.write'],
            hub_id: token.hubId,
            app_id: token.appId ?? deps.appId,
            expires_in: remaining,
            user_id: token.userId,
            token_type: 'access',
          },
        };
      },
    },
  ];
}
