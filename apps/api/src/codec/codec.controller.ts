/**
 * Temporal's remote codec, so an operator can read what Temporal holds: the Temporal UI and
 * CLI send the encrypted payloads of a history here and get them back decrypted (or encoded).
 * Admins only, audited; the browser's CORS for the UI's origins is set in bootstrap.
 * Histories hold ids, dates, codes and clinical flags, no one's name: decrypting them shows
 * an operator why a pathway is stuck, not who it is for.
 */
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Payload } from '@temporalio/common';
import { CurrentUser } from '@throughcare/auth';
import type { AuthenticatedUser } from '@throughcare/auth';
import { Audited } from '@throughcare/audit';
import { Config } from '@throughcare/config';
import { problem, PROBLEMS } from '@throughcare/problem';
import { payloadCodec } from '@throughcare/temporal';
import { Inject } from '@nestjs/common';
import { requireAdmin } from '@throughcare/access';
import { CodecPayloadDto, CodecRequestDto, CodecResponseDto } from './codec.dto';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('codec')
export class CodecController {
  private readonly codec: ReturnType<typeof payloadCodec>;

  constructor(@Inject(Config) config: Config) {
    this.codec = payloadCodec(config);
  }

  /** Decrypts payloads of a Temporal history (the remote codec protocol). Admin only. */
  @Post('decode')
  @HttpCode(200)
  @Audited('codec.decode', 'codec')
  async decode(@CurrentUser() user: AuthenticatedUser, @Body() body: CodecRequestDto): Promise<CodecResponseDto> {
    requireAdmin(user, 'Only an administrator can read what Temporal holds');
    try {
      return { payloads: (await this.codec.decode(body.payloads.map(fromJson))).map(toJson) };
    } catch {
      throw problem(PROBLEMS.payloadUndecodable, 'A payload is not one this service encrypted, or its key is no longer held');
    }
  }

  /** Encrypts payloads (the remote codec protocol), e.g. for a signal sent from the Temporal UI. Admin only. */
  @Post('encode')
  @HttpCode(200)
  @Audited('codec.encode', 'codec')
  async encode(@CurrentUser() user: AuthenticatedUser, @Body() body: CodecRequestDto): Promise<CodecResponseDto> {
    requireAdmin(user, 'Only an administrator can write what Temporal holds');
    return { payloads: (await this.codec.encode(body.payloads.map(fromJson))).map(toJson) };
  }
}

function fromJson(payload: CodecPayloadDto): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(String(v), 'base64')])),
    data: payload.data === undefined ? undefined : Buffer.from(payload.data, 'base64'),
  };
}

function toJson(payload: Payload): CodecPayloadDto {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
    data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
  };
}
