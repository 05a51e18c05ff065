import { IsArray } from 'class-validator';

/** A list's body as parsed from CSV or a JSON array (list-body.ts); each row is judged by the import. */
export class ImportBodyDto {
  @IsArray()
  rows: unknown[];
}
