/**
 * The CSV template a prison fills in: the API's list columns (release-list-csv.ts), in the
 * order the registration form asks for them, each explained on the upload page. The services
 * (community treatment, probation, commissioner) are left out: Throughcare chooses them by area. The header row
 * only: an example row in the file would be registered if it were sent back unchanged.
 */
export interface TemplateColumn {
  name: string;
  holds: string;
  example: string;
}

export function templateColumns(prisonCode: string): TemplateColumn[] {
  return [
    { name: 'prisonNumber', holds: 'The person’s prison number', example: 'A1234BC' },
    { name: 'givenName', holds: 'First name', example: 'Sam' },
    { name: 'familyName', holds: 'Last name', example: 'Example' },
    { name: 'dateOfBirth', holds: 'Date of birth, year-month-day', example: '1985-04-12' },
    { name: 'nhsNumber', holds: 'NHS number, 10 digits (optional: leave empty if not known)', example: '9434765919' },
    { name: 'prisonCode', holds: 'Your prison’s code', example: prisonCode },
    { name: 'releaseDate', holds: 'Release date, year-month-day', example: '2027-03-12' },
    { name: 'releaseDateType', holds: 'Type of release date: CRD, ARD, PRRD, HDCAD, APD or CONFIRMED', example: 'CRD' },
    { name: 'destinationArea', holds: 'The local authority area released to, as its ONS code', example: 'E08000035' },
    { name: 'treatment.substances', holds: 'What the person is in treatment for: opiates, non-opiates or alcohol, with ; between several', example: 'opiates;alcohol' },
    { name: 'treatment.onOst', holds: 'On opioid substitution therapy: true or false (true only with opiates)', example: 'true' },
    { name: 'treatment.consentToShare', holds: 'Consents to their treatment being shared with probation: true or false', example: 'false' },
  ];
}

export function templateCsv(): string {
  return `${templateColumns('').map((c) => c.name).join(',')}\r\n`;
}
