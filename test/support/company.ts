import { SignJWT } from 'jose';

/** The company's identity provider as the tests configure Charla to trust it. */
export const COMPANY = {
  JWT_SECRET: 'a shared secret of the company identity provider',
  JWT_ISSUER: 'https://id.company.example',
  JWT_AUDIENCE: 'charla',
};

/** A token as the company's identity provider would mint it. */
export function companyToken(
  subject: string,
  overrides: { secret?: string; issuer?: string; audience?: string; expiresIn?: string } = {},
) {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuer(overrides.issuer ?? COMPANY.JWT_ISSUER)
    .setAudience(overrides.audience ?? COMPANY.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(overrides.expiresIn ?? '10m')
    .sign(new TextEncoder().encode(overrides.secret ?? COMPANY.JWT_SECRET));
}
