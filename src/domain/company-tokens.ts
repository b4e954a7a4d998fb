import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { z } from 'zod';
import { hashToken } from './sessions.js';

/**
 * Trust in tokens issued by the company's identity provider: a shared secret (HS256) or the
 * provider's JWKS URL, its issuer, and optionally the audience Charla's tokens are minted for.
 */
export type CompanyIdentityOptions = {
  secret?: string;
  jwksUrl?: string;
  issuer: string;
  audience?: string;
  /** The claim that names admins (ADMIN_CLAIM); unset: no token makes its holder an admin. */
  adminClaim?: string;
};

/** Three base64url segments: a JWT, not one of Charla's own `charla_` tokens. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Visible text, no control characters: a value that can safely key a user or a session. */
const identifier = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^\p{Cc}]+$/u);

/**
 * The claims Charla reads, with their types. jose checks `iss`, `aud`, `exp`, `nbf` and `iat`
 * against the options and their registered types; it only checks that `sub` is present, so a
 * signed `"sub": {}` would become the subject "[object Object]". Every claim Charla uses is
 * validated here.
 */
const companyClaims = z.object({
  iss: identifier,
  sub: identifier,
  // The latest instant a Date holds (8.64e15 ms): a later one would be no date to keep its session.
  exp: z.number().max(8_640_000_000_000),
  jti: identifier.optional(),
});

/** What a valid company token proves. */
export type CompanyToken = {
  /** The stable subject it stands for: `<issuer> <sub>`. */
  subject: string;
  /**
   * What identifies this token among all others, for its session: derived from its `jti` when
   * it has one (so the provider's own token ids are honoured), else from the whole token. A
   * hash, like Charla's own tokens, so that the database holds nothing that could be replayed.
   */
  sessionKey: string;
  /** When the token expires (`exp`): its session, and any revocation of it, last until then. */
  expiresAt: Date;
  /** Whether the token's admin claim (`adminClaim`) names its holder an admin. */
  admin: boolean;
};

/**
 * Whether an admin claim's value names its holder an admin: `true` or `"true"`, or a list that
 * holds `admin` (an array, or a space- or comma-separated string, as `roles` or `scope` are).
 */
export function claimNamesAdmin(value: unknown): boolean {
  if (value === true || value === 'true') return true;
  if (Array.isArray(value)) return value.includes('admin');
  if (typeof value === 'string') return value.split(/[\s,]+/).includes('admin');
  return false;
}

export type CompanyTokenVerifier = (token: string) => Promise<CompanyToken | null>;

/**
 * Verifies a company token (signature, expiry, issuer, audience, the types of the claims used)
 * and returns what it proves, or null when it proves nothing.
 */
export function companyTokenVerifier(options: CompanyIdentityOptions): CompanyTokenVerifier {
  const key = options.jwksUrl
    ? createRemoteJWKSet(new URL(options.jwksUrl))
    : new TextEncoder().encode(options.secret ?? '');
  const algorithms = options.jwksUrl ? ['RS256', 'ES256', 'PS256', 'EdDSA'] : ['HS256'];
  return async (token) => {
    if (!JWT_SHAPE.test(token)) return null;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key as Parameters<typeof jwtVerify>[1], {
        issuer: options.issuer,
        audience: options.audience,
        algorithms,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch {
      return null;
    }
    const claims = companyClaims.safeParse(payload);
    if (!claims.success) return null;
    const { iss, sub, exp, jti } = claims.data;
    return {
      subject: `${iss} ${sub}`,
      sessionKey: hashToken(jti === undefined ? token : `company-jwt-id\n${iss}\n${sub}\n${jti}`),
      expiresAt: new Date(exp * 1000),
      admin:
        options.adminClaim !== undefined &&
        claimNamesAdmin((payload as Record<string, unknown>)[options.adminClaim]),
    };
  };
}
