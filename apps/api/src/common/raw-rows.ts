/**
 * A list's rows read raw: only the fields it names, each from its SQL, as the driver parses
 * them; no entities. For pages of many rows, where fetching, parsing and hydrating every column
 * of every joined entity was most of the read (docs/benchmarks.md, "Reads at scale").
 */
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** Each field of a row and the SQL it is read from. A `date` column is to be read `::text`: the driver would make it a Date at local midnight. */
export type Columns<Row> = { readonly [K in keyof Row]-?: string };

export function rawRows<Row extends object>(query: SelectQueryBuilder<ObjectLiteral>, columns: Columns<Row>): Promise<Row[]> {
  const [first, ...rest] = Object.entries(columns) as Array<[string, string]>;
  query.select(first[1], first[0]);
  for (const [field, sql] of rest) query.addSelect(sql, field);
  return query.getRawMany<Row>();
}
