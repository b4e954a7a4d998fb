import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';

/**
 * Trust in tokens issued by the company's identity provider: a shared secret (HS256) or the
 * provider's JWKS URL, its issuer, and optionally the audience Charla's tokens are minted for.
 */
export type CompanyIdentityOptions = {
  secret?: string;
  jwksUrl?: string;
  issuer: string;
  audience?: string;
};

/** Three base64url segments: a JWT, not one of Charla's own `charla_` tokens. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export type CompanyTokenVerifier = (token: string) => Promise<string | null>;

/**
 * Verifies a company token (signature, expiry, issuer, audience) and returns the stable subject
 * it stands for (`<issuer> <sub>`), or null when it proves nothing.
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
    // A subject no database can store (PostgreSQL's text refuses NUL) names nobody.
    const subject = payload.sub as unknown;
    return typeof subject === 'string' && subject !== '' && !subject.includes('\u0000')
      ? `${options.issuer} ${subject}`
      : null;
  };
}
