/** The signed-in user, from the JWT (docs/design.md §5): subject, display name, organisation and roles. */
export const ROLES = ['prison-healthcare', 'probation', 'community-treatment', 'commissioner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface AuthenticatedUser {
  sub: string;
  name: string;
  org: string;
  roles: Role[];
}
