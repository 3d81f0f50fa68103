import * as oidc from 'openid-client';
import type { OidcConfig } from '../config.ts';

/** Who the identity provider says signed in: the pair a local account is linked by. */
export interface OidcIdentity {
  issuer: string;
  subject: string;
}

/** The secrets of one sign-in in flight, kept server-side between the redirect and the callback. */
export interface OidcChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Why talking to the provider failed: it said no, its answer did not verify, or it was unreachable. */
export class OidcProviderError extends Error {
  constructor(
    readonly kind: 'provider_error' | 'token_invalid' | 'unavailable',
    message: string,
    /** The provider's `error` code (e.g. access_denied), when it sent one. */
    readonly providerCode: string | null = null,
  ) {
    super(message);
    this.name = 'OidcProviderError';
  }
}

/** Issuers compare without a trailing slash: providers publish both spellings of the same one. */
export const normaliseIssuer = (issuer: string): string => issuer.replace(/\/+$/, '');

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The relying party for the one configured issuer, over openid-client (which checks the ID
 * token's signature, issuer, audience, expiry and nonce, and the PKCE and state round trip).
 * Discovery is lazy and retried after a failure, so a provider that is down when the server
 * starts does not stop password sign-in; the cached metadata is only a copy of the provider's.
 */
export class OidcClient {
  private configuration: Promise<oidc.Configuration> | null = null;

  constructor(private readonly config: OidcConfig) {}

  /** The provider's authorization URL for one sign-in: code flow, PKCE S256, state and nonce. */
  async authorizationUrl(checks: OidcChecks): Promise<URL> {
    const configuration = await this.discover();
    return oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.redirectUri,
      response_type: 'code',
      // Only `sub` is needed: names and roles stay in Continuum, so no profile is asked for.
      scope: 'openid',
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /** Exchanges the callback's code for tokens and returns the verified ID token's identity. */
  async exchange(callbackSearch: string, checks: OidcChecks): Promise<OidcIdentity> {
    const configuration = await this.discover();
    // The configured redirect URI, not the request's Host: behind a proxy they differ, and the
    // token request must repeat exactly the redirect_uri the provider saw.
    const current = new URL(this.config.redirectUri);
    current.search = callbackSearch;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new OidcProviderError('token_invalid', 'The provider sent no ID token');
      return { issuer: normaliseIssuer(claims.iss), subject: claims.sub };
    } catch (err) {
      throw classify(err);
    }
  }

  private discover(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(new URL(this.config.issuer), this.config.clientId, undefined, this.clientAuth(), {
        execute: LOOPBACK.has(new URL(this.config.issuer).hostname) ? [oidc.allowInsecureRequests] : [],
        timeout: 10,
      })
      .catch((err: unknown) => {
        this.configuration = null;
        throw new OidcProviderError('unavailable', `The identity provider's discovery failed: ${(err as Error).message}`);
      });
    return this.configuration;
  }

  private clientAuth(): oidc.ClientAuth {
    // client_secret_basic is OpenID Connect's default for confidential clients.
    return this.config.clientSecret ? oidc.ClientSecretBasic(this.config.clientSecret) : oidc.None();
  }
}

function classify(err: unknown): OidcProviderError {
  if (err instanceof OidcProviderError) return err;
  if (err instanceof oidc.AuthorizationResponseError) {
    return new OidcProviderError('provider_error', `The identity provider refused: ${err.error}`, err.error);
  }
  const e = err as Error;
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || (e instanceof TypeError && /fetch failed/i.test(e.message))) {
    return new OidcProviderError('unavailable', `The identity provider did not answer: ${e.message}`);
  }
  return new OidcProviderError('token_invalid', `The identity provider's answer did not verify: ${e.message}`);
}
