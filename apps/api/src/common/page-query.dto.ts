/** Keyset pagination for every list: a page size and the previous page's `nextCursor`. */
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CursorShape, IsCursor } from './cursor';

export class PageQueryDto {
  /** What this list's cursors hold; each list says. */
  static cursorShape?: CursorShape;

  @IsOptional()
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  /** Opaque cursor from the previous page's `nextCursor`. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsCursor()
  cursor?: string;
}
