/**
 * `actions`: what the caller may do now to the task or pathway it is on, each with the fields of
 * its request. Computed for each caller from the access table (libs/access) and the
 * domain's rules (which actions a task's type allows, which events a pathway's state admits),
 * so a client renders what it offers from here and keeps no copy of who may do what.
 */
import type { ActionField } from '@throughcare/domain';

export class ActionFieldDto {
  /** The request body's property. @example reason */
  name: string;
  /**
   * `text`; `yes-no`, a boolean; `date`, YYYY-MM-DD; `date-time`, ISO 8601 with an offset;
   * `choice`, one of `values`; `organisation`, the code of an organisation of `organisationType`;
   * `place`, a booking's `{ channel: in-person | telephone | video, site? }` (the service's main
   * site when omitted); `pharmacy`, an OST bridge's `{ name, address }` with `firstCollectionOn`;
   * `mobile`, a UK mobile number in any usual spelling.
   * @example text
   */
  kind: 'text' | 'yes-no' | 'date' | 'date-time' | 'choice' | 'organisation' | 'place' | 'pharmacy' | 'mobile';
  required: boolean;
  /** For a `choice`: the values it takes. */
  values?: string[];
  /** For an `organisation`: which type. */
  organisationType?: 'prison' | 'community-treatment';
}

export class ActionDto {
  /**
   * A task's action (`accept`, `decline`, `acknowledge`, `complete`), a pathway's event
   * (`release-date`, `released`, `returned-to-custody`, `transfer`, `cancel`), or the person's
   * mobile number (`contact`, to record or change it; `withdraw-contact`, their consent withdrawn).
   * @example decline
   */
  name: 'accept' | 'decline' | 'acknowledge' | 'complete' | 'release-date' | 'released' | 'returned-to-custody' | 'transfer' | 'cancel' | 'contact' | 'withdraw-contact';
  /** Where to send it, with the fields as a JSON body. @example /v1/tasks/0b7e2f4c-3a51-4d1e-9a8f-2c6d5e4b3a21/decline */
  href: string;
  /** The HTTP method; POST when absent. @example PUT */
  method?: 'PUT' | 'DELETE';
  fields: ActionFieldDto[];
}

export function actionOf(name: ActionDto['name'], href: string, fields: readonly ActionField[], method?: ActionDto['method']): ActionDto {
  return withoutUndefined({ name, href, method, fields: fields.map((f) => ({ ...f, values: f.values ? [...f.values] : undefined })).map(withoutUndefined) });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
