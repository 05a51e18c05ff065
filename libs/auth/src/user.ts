/** The signed-in user, from the JWT (docs/design.md §5): subject, display name, organisation and roles. */
/**
 * `organisation-admin`: a member of an organisation who keeps its own public profile (the name,
 * address, phone and sites people are told); it gives no access to any pathway.
 */
export const ROLES = ['prison-healthcare', 'probation', 'community-treatment', 'commissioner', 'admin', 'organisation-admin'] as const;
export type Role = (typeof ROLES)[number];

export interface AuthenticatedUser {
  sub: string;
  name: string;
  org: string;
  roles: Role[];
}
