/** The person's mobile number and consent to text reminders, as the pathway's healthcare teams record and read them. */
import { IsBoolean, IsString } from 'class-validator';
import { IsUkMobileNumber } from '../organisations/uk-phone';

export class PutContactDto {
  /**
   * A UK mobile number in any usual spelling ("07700 123456", "+44 7700 123456",
   * "0044 (0)7700-123-456"); stored sealed, in E.164. Refused with the field error code
   * `not-a-phone-number` or `not-a-mobile`.
   * @example 07700 123456
   */
  @IsString()
  @IsUkMobileNumber()
  mobileNumber: string;

  /** Whether the person agrees to text reminders about their appointments. */
  @IsBoolean()
  consentToText: boolean;
}

/** Who recorded or withdrew: the person's name and their organisation's, never codes. */
export class ContactRecorderDto {
  /** @example Alex Nurse */
  name: string;
  /** @example HMP Leeds */
  organisation: string;
}

export class PathwayContactDto {
  /** E.164; null once consent was withdrawn (the number is then erased). @example +447700123456 */
  mobileNumber: string | null;
  /** As people write it in the UK. @example 07700 123456 */
  mobileNumberInWords: string | null;
  /**
   * Only in an answer replayed for a repeated Idempotency-Key: the number was shown in the first
   * answer and is not kept with the key (both number fields are then null); read the pathway for it.
   */
  mobileNumberShownOnce?: boolean;
  /**
   * Only when a number is held but cannot be read: it was sealed under a key no longer configured
   * (CONTACT_KEYS). Both number fields are then null; record the number again, or withdraw consent.
   */
  mobileNumberUnreadable?: boolean;
  /** `yes`, `no`, or `withdrawn` (by staff on the person's word, or by the person replying STOP to a text). @example yes */
  consentToText: 'yes' | 'no' | 'withdrawn';
  recordedBy: ContactRecorderDto;
  /** @example 2027-01-04T10:30:00.000Z */
  recordedAt: string;
  /** The staff member who recorded the withdrawal; null when there was none, or the person withdrew by replying STOP. */
  withdrawnBy: ContactRecorderDto | null;
  /** True when the person withdrew themselves, by replying STOP (or another opt-out word) to a text. */
  withdrawnByTextReply: boolean;
  withdrawnAt: string | null;
}
