/**
 * The generated contract's types (openapi.d.ts, from docs/openapi.json by `npm run openapi:types`)
 * for a path as a page writes it: `/v1/tasks/${id}` is the template `/v1/tasks/{id}`, and what
 * the API answers there with 200 is that operation's response schema. A path that fits no
 * template answers `unknown`, so a page cannot read a field the contract does not have.
 */
import type { paths } from './openapi';

export type { components, paths } from './openapi';
export type Schemas = import('./openapi').components['schemas'];

export type Method = 'get' | 'post' | 'put' | 'delete';

/** The templates that have this method. */
export type PathWith<M extends Method> = { [P in keyof paths]: paths[P][M] extends { responses: object } ? P : never }[keyof paths];

type Segments<S extends string> = S extends `${infer Head}/${infer Tail}` ? [Head, ...Segments<Tail>] : [S];

/** Whether each segment written fits the template's: a `{param}` takes any one segment. */
type Fits<Written extends string[], Template extends string[]> = Written extends [infer W extends string, ...infer WRest extends string[]]
  ? Template extends [infer T extends string, ...infer TRest extends string[]]
    ? (T extends `{${string}}` ? true : W extends T ? true : false) extends true
      ? Fits<WRest, TRest>
      : false
    : false
  : Template extends []
    ? true
    : false;

type WithoutQuery<S extends string> = S extends `${infer P}?${string}` ? P : S;

/** The template a written path fills, for this method (never when none). */
export type TemplateOf<S extends string, M extends Method> = {
  [P in PathWith<M>]: Fits<Segments<WithoutQuery<S>>, Segments<P>> extends true ? P : never;
}[PathWith<M>];

type JsonBody<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type SuccessOf<O> = O extends { responses: infer R } ? { [S in keyof R]: S extends 200 | 201 | 202 ? JsonBody<R[S]> : never }[keyof R] : never;

/** What a good answer holds at this written path and method; `unknown` for a path the contract lacks. */
export type Answer<S extends string, M extends Method> = [TemplateOf<S, M>] extends [never] ? unknown : SuccessOf<paths[TemplateOf<S, M>][M]>;

/** The body a method takes at this written path. */
export type BodyOf<S extends string, M extends Method> = [TemplateOf<S, M>] extends [never]
  ? never
  : paths[TemplateOf<S, M>][M] extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B
    : never;

/** RFC 9457 problem details, as every 4xx and 5xx of the API, with any extension member (a duplicate's pathwayId). */
export type Problem = Schemas['Problem'] & Record<string, unknown>;
