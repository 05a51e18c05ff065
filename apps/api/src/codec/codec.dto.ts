/** Temporal's remote codec protocol: payloads in proto3 JSON, bytes as base64. */
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBase64, IsObject, IsOptional, ValidateNested } from 'class-validator';

export class CodecPayloadDto {
  /** Metadata keys to base64 bytes, e.g. `{ "encoding": "YmluYXJ5L2VuY3J5cHRlZA==" }`; absent when empty (proto3 JSON). */
  @IsOptional()
  @IsObject()
  metadata?: Record<string, string>;

  /** The payload's bytes, base64. */
  @IsOptional()
  @IsBase64()
  data?: string;
}

export class CodecRequestDto {
  /** Absent when empty: proto3 JSON leaves out an empty list, and the Go SDK sends `{}`. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => CodecPayloadDto)
  payloads: CodecPayloadDto[] = [];
}

export class CodecResponseDto {
  payloads: CodecPayloadDto[];
}
