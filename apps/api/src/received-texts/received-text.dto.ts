/**
 * A text the person sent to the service's number, as GOV.UK Notify's "received text messages"
 * callback posts it. Sizes are bounded to what Notify sends: a text is at most a few concatenated
 * parts, and a number at most 15 digits (E.164) however it is spelt.
 */
import { IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';

export class ReceivedTextDto {
  /** Notify's id for the received text. @example 0f5d5b1a-9a2c-4b43-8f5e-0c6b2b8f3e11 */
  @IsUUID()
  id: string;

  /** The person's number, as Notify gives it. @example 447700900123 */
  @IsString()
  @IsNotEmpty()
  @MaxLength(30)
  source_number: string;

  /** The service's inbound number. @example 07700900000 */
  @IsString()
  @MaxLength(30)
  destination_number: string;

  /** What the person wrote; read for an opt-out word, never kept or logged. @example STOP */
  @IsString()
  @MaxLength(1600)
  message: string;

  /** When Notify received it (Notify's own format; not used). @example 2027-01-08 10:30:00.000000 */
  @IsString()
  @MaxLength(40)
  date_received: string;
}
