/** GOV.UK Notify's callback for texts the person sends back (docs/api-guide.md, "Replies to texts"). */
import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@throughcare/auth';
import { Unkeyed } from '../common/idempotency/idempotency-key.decorator';
import { NotifyInboundGuard } from './notify-inbound.guard';
import { ReceivedTextDto } from './received-text.dto';
import { ReceivedTextsService } from './received-texts.service';

@ApiTags('notify')
@Controller('v1/notify')
export class ReceivedTextsController {
  constructor(private readonly texts: ReceivedTextsService) {}

  /**
   * A text the person sent to the service's Notify number. STOP (or STOP ALL, UNSUBSCRIBE, END,
   * CANCEL, QUIT), alone and in any case, withdraws their consent to texts on every pathway
   * holding their number; any other text changes nothing. Called by GOV.UK Notify with the
   * bearer token set in NOTIFY_INBOUND_TOKEN, not by a signed-in person; answers 204 whether or
   * not the number was known. 404 when NOTIFY_INBOUND_TOKEN is not set.
   */
  @Post('received-texts')
  @Public()
  @UseGuards(NotifyInboundGuard)
  @ApiBearerAuth()
  @HttpCode(204)
  @Unkeyed()
  receive(@Body() text: ReceivedTextDto, @Req() req: Request & { id?: unknown }): Promise<void> {
    return this.texts.receive(text, typeof req.id === 'string' ? req.id : undefined);
  }
}
