/** A correction of the person as registered on one pathway: the same fields and rules as registration. */
import { PickType } from '@nestjs/swagger';
import { RegisterReleaseDto } from './register-release.dto';

export class CorrectPersonDto extends PickType(RegisterReleaseDto, ['givenName', 'familyName', 'dateOfBirth', 'nhsNumber'] as const) {}
