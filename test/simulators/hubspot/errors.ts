import { randomUUID } from 'node:crypto';

/** The shape of HubSpot's JSON error body (`Error` schema of the public API spec). */
export interface HubspotErrorBody {
  status: string;
  message: string;
  correlationId: string;
  category?: string;
  subCategory?: string;
  errors?: HubspotErrorDetail[];
  context?: Record<string, string[]>;
  links?: Record<string, string>;
  [extra: string]: unknown;
}

export interface HubspotErrorDetail {
  message: string;
  code?: string;
  in?: string;
  subCategory?: string;
  context?: Record<string, string[]>;
}

/** Thrown by route handlers; the server turns it into the HTTP answer. */
export class HubspotHttpError extends Error {
  readonly status: number;
  readonly body: HubspotErrorBody | Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(status: number, body: HubspotErrorBody | Record<string, unknown>, headers: Record<string, string> = {}) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

function errorBody(category: string, message: string, extra: Partial<HubspotErrorBody> = {}): HubspotErrorBody {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra };
}

export function validationError(message: string, extra: Partial<HubspotErrorBody> = {}): HubspotHttpError {
  return new HubspotHttpError(400, errorBody('VALIDATION_ERROR', message, extra));
}

/** One failed property, as HubSpot lists them inside "Property values were not valid: [...]". */
export interface PropertyProblem {
  name: string;
  error: string;
  message: string;
}

/**
 * HubSpot embeds the per-property results as a JSON string in `message` [DOC/3P samples:
 * `"Property values were not valid: [{\"isValid\":false,...,\"error\":\"INVALID_OPTION\",\"name\":...}]"`].
 * The `errors[]` array alongside it carries the same facts in the spec's ErrorDetail shape, so a
 * client can read either [UNVERIFIED that every HubSpot endpoint sends both].
 */
export function propertyValidationError(problems: readonly PropertyProblem[]): HubspotHttpError {
  const results = problems.map((p) => ({ isValid: false, message: p.message, error: p.error, name: p.name, localizedErrorMessage: p.message }));
  return validationError(`Property values were not valid: ${JSON.stringify(results)}`, {
    errors: problems.map((p) => ({ message: p.message, code: p.error, context: { propertyName: [p.name] } })),
  });
}

export function notFound(message = 'resource not found', extra: Partial<HubspotErrorBody> = {}): HubspotHttpError {
  return new HubspotHttpError(404, errorBody('OBJECT_NOT_FOUND', message, extra));
}

export function conflict(message: string, extra: Partial<HubspotErrorBody> = {}): HubspotHttpError {
  return new HubspotHttpError(409, errorBody('CONFLICT', message, extra));
}

/** Missing, unknown or revoked bearer token [3P community thread, 2025 sample body]. */
export function invalidAuthentication(): HubspotHttpError {
  return new HubspotHttpError(
    401,
    errorBody(
      'INVALID_AUTHENTICATION',
      'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
    ),
  );
}

/** Expired OAuth access token [3P Paragon sample: "expired 5 minute(s) ago", category EXPIRED_AUTHENTICATION]. */
export function expiredAuthentication(expiredForMs: number): HubspotHttpError {
  const minutes = Math.max(0, Math.floor(expiredForMs / 60_000));
  return new HubspotHttpError(401, errorBody('EXPIRED_AUTHENTICATION', `The OAuth token used to make this call expired ${minutes} minute(s) ago.`));
}

/** A developer API key (`hapikey`) that is missing or wrong [UNVERIFIED wording]. */
export function invalidApiKey(): HubspotHttpError {
  return new HubspotHttpError(
    401,
    errorBody('INVALID_AUTHENTICATION', 'The API key provided is invalid. View or manage your API key here: https://app.hubspot.com/l/api-key/'),
  );
}

export function missingScopes(required: readonly string[]): HubspotHttpError {
  return new HubspotHttpError(
    403,
    errorBody(
      'MISSING_SCOPES',
      "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
      {
        errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: [...required] } }],
        links: { scopes: 'https://developers.hubspot.com/scopes' },
      },
    ),
  );
}

/** Which rolling window a 429 reports; the SDK's retry decorator keys on these exact strings. */
export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY';

const RATE_LIMIT_MESSAGES: Record<RateLimitPolicy, string> = {
  TEN_SECONDLY_ROLLING: 'You have reached your ten_secondly_rolling limit.',
  SECONDLY: 'You have reached your secondly limit.',
  DAILY: 'You have reached your daily limit.',
};

/** The 429 body [DOC text quoted in community thread #511719; wire-formats.md C3]. */
export function rateLimitBody(policy: RateLimitPolicy): Record<string, unknown> {
  return {
    status: 'error',
    message: RATE_LIMIT_MESSAGES[policy],
    errorType: 'RATE_LIMIT',
    correlationId: randomUUID(),
    policyName: policy,
    requestId: randomUUID(),
  };
}

/** Errors of `POST /oauth/v1/token` use `status` as the code and carry no category [3P Nango: BAD_REFRESH_TOKEN]. */
export function oauthError(status: 'BAD_REFRESH_TOKEN' | 'BAD_CLIENT_ID' | 'BAD_CLIENT_SECRET' | 'BAD_GRANT_TYPE', message: string): HubspotHttpError {
  return new HubspotHttpError(400, { status, message, correlationId: randomUUID(), requestId: randomUUID() });
}
