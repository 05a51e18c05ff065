/**
 * Where the navigation's link to public profiles goes for this person, from the API's answer
 * (`mayChangeProfile` on each organisation), not from their roles: their one organisation's
 * profile, the list when they may change several (an admin), or no link at all.
 */
import type { ApiClient } from '../api/api-client';

export interface ProfileLink {
  href: string;
  text: string;
}

export async function profileLinkFor(api: ApiClient, token: string): Promise<ProfileLink | undefined> {
  // A person the API refuses altogether (no role of Throughcare's) still signs in, and is refused page by page.
  const answer = await api.call(token, 'GET', '/v1/organisations');
  if (!answer.ok) return undefined;
  const editable = answer.body.filter((o) => o.mayChangeProfile);
  if (editable.length === 0) return undefined;
  if (editable.length === 1) return { href: `/organisations/${encodeURIComponent(editable[0].code)}/profile`, text: 'Public profile' };
  return { href: '/organisations', text: 'Public profiles' };
}
