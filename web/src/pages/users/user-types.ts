import type { paths } from '../../api/openapi.gen.js';

/** A user as the admins' list shows them, with their roles in profiles. */
export type ListedUser =
  paths['/api/users']['get']['responses'][200]['content']['application/json']['users'][number];

/** What an admin may change of a user at once. */
export type UserChange = NonNullable<
  paths['/api/users/{id}']['patch']['requestBody']
>['content']['application/json'];
